//! Authoring pages for educators: `/teach` (my courses, new course), the course
//! editor (`/teach/{slug}`) and the lesson editor. Every action is a plain form.
mod course;
mod dashboard;
mod import;
mod lesson;
mod quiz;

pub use course::CourseEditorPage;
pub use dashboard::TeachPage;
pub use import::QuestionImportPage;
pub use lesson::LessonEditorPage;
pub use quiz::QuizEditorPage;
