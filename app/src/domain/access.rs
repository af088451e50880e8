//! Who may do what. The rules are pure so the views can hide what a viewer may not
//! use; the server enforces the same rules through `ssr::auth::require`.
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use uuid::Uuid;

/// A user's platform-wide role. Every account is a learner; roles above add rights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Learner,
    /// May author courses.
    Educator,
    /// May do anything, including managing users and roles.
    PlatformAdmin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Learner, Role::Educator, Role::PlatformAdmin];

    /// The code stored in `users.role` and sent in forms.
    pub fn code(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Educator => "educator",
            Role::PlatformAdmin => "platform_admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("unknown role")]
pub struct UnknownRole;

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.code() == s)
            .ok_or(UnknownRole)
    }
}

impl TryFrom<String> for Role {
    type Error = UnknownRole;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

/// The signed-in user as the app sees them: only what the interface needs, and only
/// about the viewer themself, so it is safe to send to their browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: Uuid,
    pub display_name: String,
    pub role: Role,
    /// Organisations this user administers (partner cities).
    pub admin_of: Vec<Uuid>,
}

/// Everything the server checks before acting. Add a variant when a feature needs a
/// new kind of right, and give it its rule in `allows`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Read and change one's own account.
    OwnAccount,
    /// Create and edit courses.
    AuthorCourses,
    /// List users and change their roles.
    ManageUsers,
    /// See an organisation's members (and, later, their progress).
    ViewOrganisation(Uuid),
    /// Look up any certificate and revoke it.
    ManageCertificates,
    /// See the signing keys and rotate them.
    ManageSigningKeys,
}

impl Viewer {
    pub fn may(&self, permission: Permission) -> bool {
        if self.role == Role::PlatformAdmin {
            return true;
        }
        match permission {
            Permission::OwnAccount => true,
            Permission::AuthorCourses => self.role == Role::Educator,
            Permission::ManageUsers
            | Permission::ManageCertificates
            | Permission::ManageSigningKeys => false,
            Permission::ViewOrganisation(org) => self.admin_of.contains(&org),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role, admin_of: Vec<Uuid>) -> Viewer {
        Viewer {
            id: Uuid::nil(),
            display_name: "x".into(),
            role,
            admin_of,
        }
    }

    #[test]
    fn roles_grant_what_they_say() {
        let org = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        let learner = viewer(Role::Learner, vec![]);
        let educator = viewer(Role::Educator, vec![]);
        let city = viewer(Role::Learner, vec![org]);
        let admin = viewer(Role::PlatformAdmin, vec![]);

        assert!(learner.may(Permission::OwnAccount));
        assert!(!learner.may(Permission::AuthorCourses));
        assert!(educator.may(Permission::AuthorCourses));
        assert!(!educator.may(Permission::ManageUsers));
        assert!(city.may(Permission::ViewOrganisation(org)));
        assert!(!city.may(Permission::ViewOrganisation(other)));
        assert!(admin.may(Permission::ManageUsers));
        assert!(!educator.may(Permission::ManageCertificates));
        assert!(!city.may(Permission::ManageSigningKeys));
        assert!(admin.may(Permission::ManageCertificates));
        assert!(admin.may(Permission::ManageSigningKeys));
        assert!(admin.may(Permission::ViewOrganisation(other)));
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.code().parse(), Ok(role));
        }
        assert_eq!("root".parse::<Role>(), Err(UnknownRole));
    }
}
