//! Users and their permissions (the grants behind resource tokens), per database.

use super::clock::{new_etag, now_ts};
use super::{read, write};
use crate::errors::ApiError;
use cosmos_protocol::rid;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

/// RID type tags, so users and permissions never collide with other children.
const USER_TAG: u8 = 0x10;
const PERMISSION_TAG: u8 = 0x11;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermissionMode {
    Read,
    All,
}

impl PermissionMode {
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "read" => Some(Self::Read),
            "all" => Some(Self::All),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Read => "Read",
            Self::All => "All",
        }
    }
}

/// What a permission grants: a mode on a resource link (and everything below it), optionally
/// only within one partition key.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub mode: PermissionMode,
    /// Name-based link without surrounding slashes, e.g. `dbs/d/colls/c`.
    pub resource: String,
    /// The `resourcePartitionKey` array, when the grant is limited to one key.
    pub partition_key: Option<Value>,
}

#[derive(Debug, Clone)]
pub struct Permission {
    pub id: String,
    pub rid: String,
    pub grant: Grant,
    pub etag: String,
    pub ts: u64,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub rid: String,
    pub etag: String,
    pub ts: u64,
    pub permissions: Vec<Permission>,
}

impl User {
    pub fn to_json(&self, db_rid: &str) -> Value {
        json!({
            "id": self.id,
            "_rid": self.rid,
            "_self": format!("dbs/{db_rid}/users/{}/", self.rid),
            "_etag": self.etag,
            "_ts": self.ts,
            "_permissions": "permissions/",
        })
    }

    pub fn permission(&self, name_or_rid: &str) -> Option<&Permission> {
        self.permissions
            .iter()
            .find(|p| p.id == name_or_rid || p.rid == name_or_rid)
    }
}

impl Permission {
    /// The permission as returned, with a freshly minted `_token`.
    pub fn to_json(&self, db_rid: &str, user_rid: &str, token: &str) -> Value {
        let mut body = json!({
            "id": self.id,
            "permissionMode": self.grant.mode.as_str(),
            "resource": self.grant.resource,
            "_rid": self.rid,
            "_self": format!("dbs/{db_rid}/users/{user_rid}/permissions/{}/", self.rid),
            "_etag": self.etag,
            "_ts": self.ts,
            "_token": token,
        });
        if let Some(pk) = &self.grant.partition_key {
            body["resourcePartitionKey"] = pk.clone();
        }
        body
    }
}

#[derive(Debug, Default)]
pub struct Users {
    users: RwLock<Vec<User>>,
    next: AtomicU64,
}

impl Users {
    pub fn list(&self) -> Vec<User> {
        read(&self.users).clone()
    }

    pub fn get(&self, name_or_rid: &str) -> Option<User> {
        read(&self.users)
            .iter()
            .find(|u| u.id == name_or_rid || u.rid == name_or_rid)
            .cloned()
    }

    /// Creates (or with `upsert`, replaces) a user; 409 on a taken id.
    pub fn create(&self, db_rid: &str, id: String) -> Result<User, ApiError> {
        let mut users = write(&self.users);
        if users.iter().any(|u| u.id == id) {
            return Err(ApiError::conflict());
        }
        let ts = now_ts();
        let user = User {
            id,
            rid: self.next_rid(db_rid, USER_TAG),
            etag: new_etag(ts),
            ts,
            permissions: Vec::new(),
        };
        users.push(user.clone());
        Ok(user)
    }

    /// Renames a user (the only mutable property).
    pub fn replace(&self, name_or_rid: &str, id: String) -> Result<User, ApiError> {
        let mut users = write(&self.users);
        if users
            .iter()
            .any(|u| u.id == id && u.id != name_or_rid && u.rid != name_or_rid)
        {
            return Err(ApiError::conflict());
        }
        let user = find_mut(&mut users, name_or_rid)?;
        user.id = id;
        user.ts = now_ts();
        user.etag = new_etag(user.ts);
        Ok(user.clone())
    }

    pub fn delete(&self, name_or_rid: &str) -> Result<(), ApiError> {
        let mut users = write(&self.users);
        let before = users.len();
        users.retain(|u| u.id != name_or_rid && u.rid != name_or_rid);
        if users.len() == before {
            return Err(ApiError::resource_not_found());
        }
        Ok(())
    }

    /// Creates a permission, or replaces the one with the same id when `replace` is set (then
    /// it must exist).
    pub fn put_permission(
        &self,
        db_rid: &str,
        user: &str,
        id: String,
        grant: Grant,
        replace: Option<&str>,
    ) -> Result<(User, Permission), ApiError> {
        let rid = self.next_rid(db_rid, PERMISSION_TAG);
        let mut users = write(&self.users);
        let user = find_mut(&mut users, user)?;
        let ts = now_ts();
        let permission = match replace {
            None => {
                if user.permissions.iter().any(|p| p.id == id) {
                    return Err(ApiError::conflict());
                }
                let permission = Permission {
                    id,
                    rid,
                    grant,
                    etag: new_etag(ts),
                    ts,
                };
                user.permissions.push(permission.clone());
                permission
            }
            Some(existing) => {
                let permission = user
                    .permissions
                    .iter_mut()
                    .find(|p| p.id == existing || p.rid == existing)
                    .ok_or_else(ApiError::resource_not_found)?;
                permission.id = id;
                permission.grant = grant;
                permission.ts = ts;
                permission.etag = new_etag(ts);
                permission.clone()
            }
        };
        Ok((user.clone(), permission))
    }

    pub fn delete_permission(&self, user: &str, permission: &str) -> Result<(), ApiError> {
        let mut users = write(&self.users);
        let user = find_mut(&mut users, user)?;
        let before = user.permissions.len();
        user.permissions
            .retain(|p| p.id != permission && p.rid != permission);
        if user.permissions.len() == before {
            return Err(ApiError::resource_not_found());
        }
        Ok(())
    }

    /// The grant of a permission by RID, if it still exists.
    pub fn grant(&self, permission_rid: &str) -> Option<Grant> {
        read(&self.users)
            .iter()
            .flat_map(|u| &u.permissions)
            .find(|p| p.rid == permission_rid)
            .map(|p| p.grant.clone())
    }

    fn next_rid(&self, db_rid: &str, tag: u8) -> String {
        rid::child(db_rid, self.next.fetch_add(1, Ordering::Relaxed) + 1, tag)
    }
}

fn find_mut<'a>(users: &'a mut [User], name_or_rid: &str) -> Result<&'a mut User, ApiError> {
    users
        .iter_mut()
        .find(|u| u.id == name_or_rid || u.rid == name_or_rid)
        .ok_or_else(ApiError::resource_not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant() -> Grant {
        Grant {
            mode: PermissionMode::Read,
            resource: "dbs/d/colls/c".into(),
            partition_key: None,
        }
    }

    #[test]
    fn users_and_permissions() {
        let users = Users::default();
        let db = rid::database(1);
        let u = users.create(&db, "u".into()).unwrap();
        assert!(users.create(&db, "u".into()).is_err());
        let (_, p) = users
            .put_permission(&db, "u", "p".into(), grant(), None)
            .unwrap();
        assert_eq!(users.grant(&p.rid), Some(grant()));
        assert!(users
            .put_permission(&db, "u", "p".into(), grant(), None)
            .is_err());
        let mut all = grant();
        all.mode = PermissionMode::All;
        users
            .put_permission(&db, &u.rid, "p".into(), all.clone(), Some("p"))
            .unwrap();
        assert_eq!(users.grant(&p.rid), Some(all));
        users.delete_permission("u", "p").unwrap();
        assert_eq!(users.grant(&p.rid), None);
        users.replace("u", "v".into()).unwrap();
        assert!(users.get("v").is_some());
        users.delete("v").unwrap();
        assert!(users.list().is_empty());
    }
}
