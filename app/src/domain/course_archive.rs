//! A whole course as one file, to move it to another instance of the platform: the
//! version an educator edits (the draft, else the published one) in every language,
//! its modules, lessons, quizzes with their settings and questions, and the images its
//! lessons show. The archive is a gzip-compressed tar holding `course.json` (this
//! type) and one `images/{id}` file per image; lessons refer to images as
//! `/media/{id}`, and an import gives each image a new id and rewrites the bodies.
//!
//! Nothing in an archive is trusted: [`CourseArchive::check`] applies the rules the
//! editors apply (slugs, titles, minutes, every question through the question
//! editor's own reading), and the server checks each image by its bytes.
use crate::domain::quiz::QuizSettings;
use crate::domain::quiz::grading::QuestionSpec;
use crate::domain::quiz::question_form::QuestionForm;
use crate::domain::{Lang, Localized, Topic, is_slug};
use crate::ssr::markdown::has_image_without_alt;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Names the file type, so that another JSON file is refused rather than half read.
pub const FORMAT: &str = "ihrec-learn-course";
/// Bumped when the layout changes; an import reads only the versions it knows.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseArchive {
    pub format: String,
    pub format_version: u32,
    pub slug: String,
    pub topic: Topic,
    pub title: Localized,
    pub summary: Localized,
    pub languages: Vec<Lang>,
    pub estimated_minutes: i32,
    pub modules: Vec<ArchivedModule>,
    pub images: Vec<ArchivedImage>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedModule {
    pub slug: String,
    pub title: Localized,
    pub lessons: Vec<ArchivedLesson>,
    pub quiz: Option<ArchivedQuiz>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedLesson {
    pub slug: String,
    pub title: Localized,
    /// Markdown, per language.
    pub body: Localized,
    pub estimated_minutes: i32,
    pub is_preview: bool,
    pub is_required: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedQuiz {
    pub settings: QuizSettings,
    pub questions: Vec<ArchivedQuestion>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedQuestion {
    pub points: i32,
    pub prompt: Localized,
    pub feedback: Localized,
    pub spec: QuestionSpec,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedImage {
    /// The id the lessons of this archive use (`/media/{id}`); `images/{id}` holds it.
    pub id: Uuid,
}

/// Why an archive cannot be imported. The page says "not a course archive of this
/// platform, or damaged"; the reason goes to the log, for whoever looks into it.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveProblem {
    #[error("not a course archive (format {0:?})")]
    Format(String),
    #[error("format version {0} is not known here")]
    FormatVersion(u32),
    #[error("a slug is not valid: {0:?}")]
    Slug(String),
    #[error("a title, summary or lesson body is missing or too long")]
    Title,
    #[error("lesson {0:?} shows an image without a description")]
    ImageWithoutAlt(String),
    #[error("no language, or a language twice")]
    Languages,
    #[error("estimated minutes outside 1..=10000")]
    Minutes,
    #[error("two modules or two lessons of a module share the slug {0:?}")]
    DuplicateSlug(String),
    #[error("question {question} of module {module:?} is not valid")]
    Question { module: String, question: usize },
    #[error("quiz settings of module {0:?} are not valid")]
    QuizSettings(String),
}

impl CourseArchive {
    /// Applies the editors' rules to everything in the archive.
    pub fn check(&self) -> Result<(), ArchiveProblem> {
        if self.format != FORMAT {
            return Err(ArchiveProblem::Format(self.format.clone()));
        }
        if self.format_version != FORMAT_VERSION {
            return Err(ArchiveProblem::FormatVersion(self.format_version));
        }
        let slug_ok = |slug: &str| {
            if is_slug(slug) && slug.len() <= 60 {
                Ok(())
            } else {
                Err(ArchiveProblem::Slug(slug.to_owned()))
            }
        };
        // The editors' limits: titles 120 characters, summaries 600, bodies 200,000.
        let text_ok = |text: &Localized, max: usize| {
            let present = text.langs().next().is_some();
            let short = [&text.en, &text.ko]
                .into_iter()
                .flatten()
                .all(|t| t.chars().count() <= max);
            if present && short {
                Ok(())
            } else {
                Err(ArchiveProblem::Title)
            }
        };
        let title_ok = |title: &Localized| text_ok(title, 120);
        let minutes_ok = |m: i32| {
            if (1..=10_000).contains(&m) {
                Ok(())
            } else {
                Err(ArchiveProblem::Minutes)
            }
        };
        if !crate::domain::is_course_slug(&self.slug) {
            return Err(ArchiveProblem::Slug(self.slug.clone()));
        }
        title_ok(&self.title)?;
        text_ok(&self.summary, 600)?;
        minutes_ok(self.estimated_minutes)?;
        let distinct = Lang::ALL
            .into_iter()
            .filter(|l| self.languages.contains(l))
            .count();
        if distinct == 0 || distinct != self.languages.len() {
            return Err(ArchiveProblem::Languages);
        }
        let mut module_slugs = std::collections::BTreeSet::new();
        for module in &self.modules {
            slug_ok(&module.slug)?;
            title_ok(&module.title)?;
            if !module_slugs.insert(module.slug.as_str()) {
                return Err(ArchiveProblem::DuplicateSlug(module.slug.clone()));
            }
            let mut lesson_slugs = std::collections::BTreeSet::new();
            for lesson in &module.lessons {
                slug_ok(&lesson.slug)?;
                title_ok(&lesson.title)?;
                text_ok(&lesson.body, 200_000)?;
                let bodies = [&lesson.body.en, &lesson.body.ko];
                if bodies
                    .into_iter()
                    .flatten()
                    .any(|b| has_image_without_alt(b))
                {
                    return Err(ArchiveProblem::ImageWithoutAlt(lesson.slug.clone()));
                }
                minutes_ok(lesson.estimated_minutes)?;
                if !lesson_slugs.insert(lesson.slug.as_str()) {
                    return Err(ArchiveProblem::DuplicateSlug(lesson.slug.clone()));
                }
            }
            if let Some(quiz) = &module.quiz {
                let s = &quiz.settings;
                let positive = |n: Option<i32>| n.is_none_or(|n| (1..=1_000_000).contains(&n));
                if !(0..=100).contains(&s.pass_percent)
                    || !positive(s.max_attempts)
                    || !positive(s.time_limit_seconds)
                    || !positive(s.draw_count)
                {
                    return Err(ArchiveProblem::QuizSettings(module.slug.clone()));
                }
                for (index, q) in quiz.questions.iter().enumerate() {
                    // The question editor's own rules, on the question as it would show it.
                    let form =
                        QuestionForm::from_question(q.points, &q.prompt, &q.feedback, &q.spec);
                    if form.read(&self.languages).is_err() {
                        return Err(ArchiveProblem::Question {
                            module: module.slug.clone(),
                            question: index + 1,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The question as the editor reads it: texts trimmed, ids in order.
    pub fn normalised_question(
        q: &ArchivedQuestion,
        languages: &[Lang],
    ) -> Option<ArchivedQuestion> {
        let form = QuestionForm::from_question(q.points, &q.prompt, &q.feedback, &q.spec);
        form.read(languages).ok().map(|valid| ArchivedQuestion {
            points: valid.points,
            prompt: valid.prompt,
            feedback: valid.feedback,
            spec: valid.spec,
        })
    }
}

/// `body` with every `/media/{old}` of `ids` turned into `/media/{new}`.
pub fn rewrite_media(body: &str, ids: &[(Uuid, Uuid)]) -> String {
    ids.iter().fold(body.to_owned(), |body, (old, new)| {
        body.replace(&format!("/media/{old}"), &format!("/media/{new}"))
    })
}
