//! Reading a course: lessons, and the enrolment and progress panel of the course page.
mod lesson;
mod mine;
mod progress;

pub use lesson::LessonPage;
pub use mine::MyLearningPage;
pub use progress::{EnrolmentPanel, progress_resource};
