//! Server-side JavaScript of a container: stored procedures, triggers and user-defined
//! functions.

use bytes::Bytes;
use cosmos_protocol::headers as h;
use cosmos_protocol::PartitionKey;
use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::container::ContainerClient;
use crate::error::{Error, Result};
use crate::operations::{
    DeleteResource, ExecuteStoredProcedure, ReadResource, SessionScope, WriteResource,
};
use crate::pager::Pager;
use crate::request::{check_path_id, Request};
use crate::resources::{
    StoredProcedureProperties, TriggerProperties, UserDefinedFunctionProperties,
};

/// The scripts of one container; see [`ContainerClient::scripts`].
#[derive(Clone, Debug)]
pub struct ScriptsClient {
    container: ContainerClient,
}

/// The three script feeds and their names in paths.
#[derive(Clone, Copy)]
enum Kind {
    StoredProcedure,
    Trigger,
    UserDefinedFunction,
}

impl Kind {
    fn feed(self) -> &'static str {
        match self {
            Self::StoredProcedure => "sprocs",
            Self::Trigger => "triggers",
            Self::UserDefinedFunction => "udfs",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::StoredProcedure => "stored procedure",
            Self::Trigger => "trigger",
            Self::UserDefinedFunction => "user-defined function",
        }
    }
}

impl ContainerClient {
    /// Stored procedures, triggers and user-defined functions of this container.
    pub fn scripts(&self) -> ScriptsClient {
        ScriptsClient {
            container: self.clone(),
        }
    }
}

impl ScriptsClient {
    fn segments(&self, kind: Kind, id: Option<&str>) -> Result<Vec<String>> {
        match id {
            Some(id) => {
                check_path_id(kind.name(), id)?;
                self.container.segments(&[kind.feed(), id])
            }
            None => self.container.segments(&[kind.feed()]),
        }
    }

    fn write<B: Serialize, T>(
        &self,
        operation: &'static str,
        kind: Kind,
        replace_id: Option<&str>,
        body: &B,
    ) -> WriteResource<'_, T> {
        let method = if replace_id.is_some() {
            Method::PUT
        } else {
            Method::POST
        };
        let request = self.segments(kind, replace_id).and_then(|s| {
            let mut request = Request::new(operation, method, s);
            request.json_body(body)?;
            Ok(request)
        });
        WriteResource::new(self.container.pipeline(), request)
    }

    fn read<T>(&self, operation: &'static str, kind: Kind, id: &str) -> ReadResource<'_, T> {
        let request = self
            .segments(kind, Some(id))
            .map(|s| Request::new(operation, Method::GET, s));
        ReadResource::new(self.container.pipeline(), request)
    }

    fn delete(&self, operation: &'static str, kind: Kind, id: &str) -> DeleteResource<'_> {
        let request = self
            .segments(kind, Some(id))
            .map(|s| Request::new(operation, Method::DELETE, s));
        DeleteResource::new(self.container.pipeline(), request, SessionScope::None)
    }

    fn list<T: DeserializeOwned + Send + 'static>(
        &self,
        operation: &'static str,
        kind: Kind,
    ) -> Pager<T> {
        let request = self
            .segments(kind, None)
            .map(|s| Request::new(operation, Method::GET, s));
        Pager::new(self.container.pipeline().clone(), request)
    }

    pub fn create_stored_procedure(
        &self,
        sproc: &StoredProcedureProperties,
    ) -> WriteResource<'_, StoredProcedureProperties> {
        self.write(
            "create_stored_procedure",
            Kind::StoredProcedure,
            None,
            sproc,
        )
    }

    pub fn replace_stored_procedure(
        &self,
        sproc: &StoredProcedureProperties,
    ) -> WriteResource<'_, StoredProcedureProperties> {
        let id = sproc.id.as_str();
        self.write(
            "replace_stored_procedure",
            Kind::StoredProcedure,
            Some(id),
            sproc,
        )
    }

    pub fn read_stored_procedure(&self, id: &str) -> ReadResource<'_, StoredProcedureProperties> {
        self.read("read_stored_procedure", Kind::StoredProcedure, id)
    }

    pub fn delete_stored_procedure(&self, id: &str) -> DeleteResource<'_> {
        self.delete("delete_stored_procedure", Kind::StoredProcedure, id)
    }

    pub fn list_stored_procedures(&self) -> Pager<StoredProcedureProperties> {
        self.list("list_stored_procedures", Kind::StoredProcedure)
    }

    /// Runs the stored procedure `id` in the partition `partition_key` with `params` (a
    /// serializable tuple, array or `Vec`; `&()` or `&[(); 0]` for none), returning what the
    /// script set as its response body.
    pub fn execute_stored_procedure<T: DeserializeOwned>(
        &self,
        id: &str,
        partition_key: impl Into<PartitionKey>,
        params: &impl Serialize,
    ) -> ExecuteStoredProcedure<'_, T> {
        let request = self.segments(Kind::StoredProcedure, Some(id)).map(|s| {
            Request::new("execute_stored_procedure", Method::POST, s)
                .in_container(&self.container.link())
        });
        let body = serde_json::to_value(params)
            .map_err(Error::serialization)
            .and_then(|value| {
                // The service wants an array of arguments; `()` (null) means none.
                let args = match value {
                    serde_json::Value::Array(items) => items,
                    serde_json::Value::Null => Vec::new(),
                    single => vec![single],
                };
                serde_json::to_vec(&args).map_err(Error::serialization)
            })
            .map(Bytes::from);
        ExecuteStoredProcedure::new(
            self.container.pipeline(),
            request,
            partition_key.into(),
            body,
        )
    }

    pub fn create_trigger(
        &self,
        trigger: &TriggerProperties,
    ) -> WriteResource<'_, TriggerProperties> {
        self.write("create_trigger", Kind::Trigger, None, trigger)
    }

    pub fn replace_trigger(
        &self,
        trigger: &TriggerProperties,
    ) -> WriteResource<'_, TriggerProperties> {
        let id = trigger.id.as_str();
        self.write("replace_trigger", Kind::Trigger, Some(id), trigger)
    }

    pub fn read_trigger(&self, id: &str) -> ReadResource<'_, TriggerProperties> {
        self.read("read_trigger", Kind::Trigger, id)
    }

    pub fn delete_trigger(&self, id: &str) -> DeleteResource<'_> {
        self.delete("delete_trigger", Kind::Trigger, id)
    }

    pub fn list_triggers(&self) -> Pager<TriggerProperties> {
        self.list("list_triggers", Kind::Trigger)
    }

    pub fn create_user_defined_function(
        &self,
        udf: &UserDefinedFunctionProperties,
    ) -> WriteResource<'_, UserDefinedFunctionProperties> {
        self.write(
            "create_user_defined_function",
            Kind::UserDefinedFunction,
            None,
            udf,
        )
    }

    pub fn replace_user_defined_function(
        &self,
        udf: &UserDefinedFunctionProperties,
    ) -> WriteResource<'_, UserDefinedFunctionProperties> {
        let id = udf.id.as_str();
        self.write(
            "replace_user_defined_function",
            Kind::UserDefinedFunction,
            Some(id),
            udf,
        )
    }

    pub fn read_user_defined_function(
        &self,
        id: &str,
    ) -> ReadResource<'_, UserDefinedFunctionProperties> {
        self.read("read_user_defined_function", Kind::UserDefinedFunction, id)
    }

    pub fn delete_user_defined_function(&self, id: &str) -> DeleteResource<'_> {
        self.delete(
            "delete_user_defined_function",
            Kind::UserDefinedFunction,
            id,
        )
    }

    pub fn list_user_defined_functions(&self) -> Pager<UserDefinedFunctionProperties> {
        self.list("list_user_defined_functions", Kind::UserDefinedFunction)
    }
}

/// Trigger names for the `x-ms-documentdb-{pre,post}-trigger-include` headers.
pub(crate) fn apply_triggers(request: &mut Request, pre: &[String], post: &[String]) -> Result<()> {
    if !pre.is_empty() {
        request.header(h::PRE_TRIGGER_INCLUDE, pre.join(","))?;
    }
    if !post.is_empty() {
        request.header(h::POST_TRIGGER_INCLUDE, post.join(","))?;
    }
    Ok(())
}
