//! Users and their permissions, which mint resource tokens.

use std::sync::Arc;

use http::Method;

use crate::database::DatabaseClient;
use crate::error::Result;
use crate::operations::{DeleteResource, ReadResource, SessionScope, WriteResource};
use crate::pager::Pager;
use crate::request::{check_path_id, Request};
use crate::resources::PermissionProperties;
use crate::resources::UserProperties;

/// A handle on one user of a database. Creating it makes no request; cheap to clone.
#[derive(Clone, Debug)]
pub struct UserClient {
    database: DatabaseClient,
    id: Arc<str>,
}

impl UserClient {
    pub(crate) fn new(database: DatabaseClient, id: String) -> Self {
        Self {
            database,
            id: id.into(),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The name-based link, `dbs/<db>/users/<id>`.
    pub fn link(&self) -> String {
        format!("{}/users/{}", self.database.link(), self.id)
    }

    fn segments(&self, rest: &[&str]) -> Result<Vec<String>> {
        check_path_id("user", &self.id)?;
        let mut segments = crate::client::database_segments(self.database.id(), &["users"])?;
        segments.push(self.id.to_string());
        segments.extend(rest.iter().map(|s| (*s).to_owned()));
        Ok(segments)
    }

    fn permission_segments(&self, id: &str) -> Result<Vec<String>> {
        check_path_id("permission", id)?;
        self.segments(&["permissions", id])
    }

    pub fn read(&self) -> ReadResource<'_, UserProperties> {
        let request = self
            .segments(&[])
            .map(|s| Request::new("read_user", Method::GET, s));
        ReadResource::new(self.database.pipeline(), request)
    }

    /// Creates a permission; its `token` is a resource token for the permitted resource.
    pub fn create_permission(
        &self,
        permission: &PermissionProperties,
    ) -> WriteResource<'_, PermissionProperties> {
        self.write_permission("create_permission", Method::POST, None, permission)
    }

    /// Creates or replaces a permission.
    pub fn upsert_permission(
        &self,
        permission: &PermissionProperties,
    ) -> WriteResource<'_, PermissionProperties> {
        self.write_permission("upsert_permission", Method::POST, None, permission)
            .upsert()
    }

    /// Replaces the permission `permission.id`.
    pub fn replace_permission(
        &self,
        permission: &PermissionProperties,
    ) -> WriteResource<'_, PermissionProperties> {
        self.write_permission(
            "replace_permission",
            Method::PUT,
            Some(&permission.id),
            permission,
        )
    }

    fn write_permission(
        &self,
        operation: &'static str,
        method: Method,
        id: Option<&str>,
        permission: &PermissionProperties,
    ) -> WriteResource<'_, PermissionProperties> {
        let segments = match id {
            Some(id) => self.permission_segments(id),
            None => self.segments(&["permissions"]),
        };
        let request = segments.and_then(|s| {
            let mut request = Request::new(operation, method, s);
            request.json_body(permission)?;
            Ok(request)
        });
        WriteResource::new(self.database.pipeline(), request)
    }

    /// Reads a permission, minting a fresh token.
    pub fn read_permission(&self, id: &str) -> ReadResource<'_, PermissionProperties> {
        let request = self
            .permission_segments(id)
            .map(|s| Request::new("read_permission", Method::GET, s));
        ReadResource::new(self.database.pipeline(), request)
    }

    pub fn list_permissions(&self) -> Pager<PermissionProperties> {
        let request = self
            .segments(&["permissions"])
            .map(|s| Request::new("list_permissions", Method::GET, s));
        Pager::new(self.database.pipeline().clone(), request)
    }

    pub fn delete_permission(&self, id: &str) -> DeleteResource<'_> {
        let request = self
            .permission_segments(id)
            .map(|s| Request::new("delete_permission", Method::DELETE, s));
        DeleteResource::new(self.database.pipeline(), request, SessionScope::None)
    }
}

impl DatabaseClient {
    /// A handle on a user of this database (no request is made).
    pub fn user(&self, id: impl Into<String>) -> UserClient {
        UserClient::new(self.clone(), id.into())
    }

    /// Creates a user; fails with 409 if it exists.
    pub fn create_user(&self, id: impl Into<String>) -> WriteResource<'_, UserProperties> {
        self.write_user("create_user", id.into())
    }

    /// Creates or replaces a user.
    pub fn upsert_user(&self, id: impl Into<String>) -> WriteResource<'_, UserProperties> {
        self.write_user("upsert_user", id.into()).upsert()
    }

    fn write_user(&self, operation: &'static str, id: String) -> WriteResource<'_, UserProperties> {
        let request = check_path_id("user", &id)
            .and_then(|()| crate::client::database_segments(self.id(), &["users"]))
            .and_then(|s| {
                let mut request = Request::new(operation, Method::POST, s);
                request.json_body(&UserProperties::new(id))?;
                Ok(request)
            });
        WriteResource::new(self.pipeline(), request)
    }

    pub fn list_users(&self) -> Pager<UserProperties> {
        let request = crate::client::database_segments(self.id(), &["users"])
            .map(|s| Request::new("list_users", Method::GET, s));
        Pager::new(self.pipeline().clone(), request)
    }

    /// Deletes a user and its permissions.
    pub fn delete_user(&self, id: impl Into<String>) -> DeleteResource<'_> {
        let user = self.user(id);
        let request = user
            .segments(&[])
            .map(|s| Request::new("delete_user", Method::DELETE, s));
        DeleteResource::new(self.pipeline(), request, SessionScope::None)
    }
}
