use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// What a course is about; the catalogue filters on it. The database check
/// constraint `courses_topic_known` lists the same codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    HumanRightsCities,
    LocalGovernment,
    GlobalMovement,
}

impl Topic {
    pub const ALL: [Topic; 3] = [
        Topic::HumanRightsCities,
        Topic::LocalGovernment,
        Topic::GlobalMovement,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Topic::HumanRightsCities => "human-rights-cities",
            Topic::LocalGovernment => "local-government",
            Topic::GlobalMovement => "global-movement",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("unknown topic")]
pub struct UnknownTopic;

impl FromStr for Topic {
    type Err = UnknownTopic;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Topic::ALL
            .into_iter()
            .find(|t| t.code() == s)
            .ok_or(UnknownTopic)
    }
}

impl TryFrom<String> for Topic {
    type Error = UnknownTopic;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_text_and_serde() {
        for topic in Topic::ALL {
            assert_eq!(topic.code().parse(), Ok(topic));
            let json = serde_json::to_string(&topic).expect("serialises");
            assert_eq!(json, format!("\"{}\"", topic.code()));
        }
        assert_eq!("gardening".parse::<Topic>(), Err(UnknownTopic));
    }
}
