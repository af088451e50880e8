//! Authoring pages for educators: `/teach` (my courses, new course), the course
//! editor (`/teach/{slug}`), the lesson editor, the question bank with its question
//! editor, and the quiz preview. Every action is a plain form.
mod course;
mod dashboard;
mod import;
mod lesson;
mod preview;
mod question;
mod quiz;

pub use course::CourseEditorPage;
pub use dashboard::TeachPage;
pub use import::QuestionImportPage;
pub use lesson::LessonEditorPage;
pub use preview::QuizPreviewPage;
pub use question::QuestionEditorPage;
pub use quiz::QuizEditorPage;
