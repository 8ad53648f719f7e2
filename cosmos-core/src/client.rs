//! The account-level client.

use std::sync::Arc;

use http::Method;

use crate::auth::Authorizer;
use crate::connection_string::ConnectionString;
use crate::credential::Credential;
use crate::database::DatabaseClient;
use crate::error::{Error, Result};
use crate::operations::{CreateDatabase, DeleteResource, ReadResource};
use crate::options::ClientOptions;
use crate::pager::Pager;
use crate::pipeline::Pipeline;
use crate::query::Query;
use crate::request::{check_path_id, Request};
use crate::resources::{DatabaseAccount, DatabaseProperties};

/// A client of one Cosmos DB account.
///
/// Cheap to clone (the state is behind an `Arc`), `Send + Sync`, and meant to be created once
/// and shared: it owns the HTTP connection pool, the credential's token cache and the session
/// tokens.
#[derive(Clone, Debug)]
pub struct CosmosClient {
    pipeline: Arc<Pipeline>,
}

impl CosmosClient {
    /// A client of the account at `endpoint` (`https://<account>.documents.azure.com:443/`).
    pub fn new(
        endpoint: &str,
        credential: impl Into<Credential>,
        options: ClientOptions,
    ) -> Result<Self> {
        let url = reqwest::Url::parse(endpoint.trim()).map_err(|e| {
            Error::invalid_argument(format!("endpoint '{endpoint}' is not a URL: {e}"))
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::invalid_argument(format!(
                "endpoint '{endpoint}' must be an http(s) URL with a host"
            )));
        }
        let host = url.host_str().unwrap_or_default();
        let scope = format!("https://{host}/.default");
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid_argument(
                "endpoint must not have a query or fragment",
            ));
        }
        let base_url = url.as_str().trim_end_matches('/').to_owned();
        let mut user_agent = format!("cosmos-rs-core/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &options.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .timeout(options.request_timeout)
            .connect_timeout(options.connect_timeout)
            .danger_accept_invalid_certs(options.accept_invalid_certs)
            .build()
            .map_err(Error::transport)?;
        let auth = Authorizer::new(credential.into(), scope);
        Ok(Self {
            pipeline: Arc::new(Pipeline::new(http, base_url, auth, options)),
        })
    }

    /// A master-key client from `AccountEndpoint=…;AccountKey=…;`, with default options.
    pub fn from_connection_string(connection_string: &str) -> Result<Self> {
        Self::from_connection_string_with_options(connection_string, ClientOptions::default())
    }

    /// A master-key client from a connection string, with the given options.
    pub fn from_connection_string_with_options(
        connection_string: &str,
        options: ClientOptions,
    ) -> Result<Self> {
        let parsed = ConnectionString::parse(connection_string)?;
        let credential = Credential::master_key(&parsed.account_key)?;
        Self::new(&parsed.account_endpoint, credential, options)
    }

    pub(crate) fn pipeline(&self) -> &Arc<Pipeline> {
        &self.pipeline
    }

    /// The options the client was built with.
    pub fn options(&self) -> &ClientOptions {
        &self.pipeline.options
    }

    /// A handle on a database (no request is made).
    pub fn database(&self, id: impl Into<String>) -> DatabaseClient {
        DatabaseClient::new(self.pipeline.clone(), id.into())
    }

    /// Same as [`database`](Self::database), named as in the Python SDK.
    pub fn get_database_client(&self, id: impl Into<String>) -> DatabaseClient {
        self.database(id)
    }

    /// Creates a database; fails with 409 if it exists.
    pub fn create_database(&self, id: impl Into<String>) -> CreateDatabase<'_> {
        CreateDatabase::new(self, id.into(), false)
    }

    /// Reads the database, creating it if it does not exist (status 200 or 201).
    pub fn create_database_if_not_exists(&self, id: impl Into<String>) -> CreateDatabase<'_> {
        CreateDatabase::new(self, id.into(), true)
    }

    /// Deletes a database and everything in it.
    pub fn delete_database(&self, id: impl Into<String>) -> DeleteResource<'_> {
        self.database(id).delete_owned(&self.pipeline)
    }

    /// All databases of the account.
    pub fn list_databases(&self) -> Pager<DatabaseProperties> {
        let request = Request::new("list_databases", Method::GET, vec!["dbs".into()]);
        Pager::new(self.pipeline.clone(), Ok(request))
    }

    /// Databases matching a query such as `SELECT * FROM root r WHERE r.id = @id`.
    pub fn query_databases(&self, query: impl Into<Query>) -> Pager<DatabaseProperties> {
        let request = query_request("query_databases", vec!["dbs".into()], &query.into());
        Pager::new(self.pipeline.clone(), request)
    }

    /// Reads the account (`GET /`): regions and default consistency.
    pub fn get_database_account(&self) -> ReadResource<'_, DatabaseAccount> {
        let request = Request::new("get_database_account", Method::GET, Vec::new());
        ReadResource::new(&self.pipeline, Ok(request))
    }
}

/// A `POST` query over a feed (`dbs`, `…/colls`, `…/docs`).
pub(crate) fn query_request(
    operation: &'static str,
    segments: Vec<String>,
    query: &Query,
) -> Result<Request> {
    let mut request = Request::new(operation, Method::POST, segments);
    // Queries change nothing: they retry like reads and carry the session token.
    request.is_read = true;
    request.header(cosmos_protocol::headers::IS_QUERY, "true")?;
    request.header("content-type", "application/query+json")?;
    request.json_body(query)?;
    Ok(request)
}

/// Checks a database id before it becomes a path segment.
pub(crate) fn database_segments(id: &str, rest: &[&str]) -> Result<Vec<String>> {
    check_path_id("database", id)?;
    let mut segments = vec!["dbs".to_owned(), id.to_owned()];
    segments.extend(rest.iter().map(|s| (*s).to_owned()));
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn client_is_shareable() {
        assert_send_sync::<CosmosClient>();
        assert_send_sync::<DatabaseClient>();
        assert_send_sync::<crate::ContainerClient>();
    }

    #[test]
    fn rejects_bad_endpoints_and_keys() {
        let key = cosmos_protocol::EMULATOR_KEY;
        for bad in ["", "not a url", "ftp://x/", "https://x/?a=1"] {
            let cred = Credential::master_key(key).unwrap();
            assert!(
                CosmosClient::new(bad, cred, ClientOptions::default()).is_err(),
                "{bad}"
            );
        }
        assert!(Credential::master_key("not base64!").is_err());
        assert!(
            CosmosClient::from_connection_string("AccountEndpoint=https://x/;AccountKey=!!;")
                .is_err()
        );
        let ok = CosmosClient::from_connection_string(&format!(
            "AccountEndpoint=https://localhost:8081/;AccountKey={key};"
        ))
        .unwrap();
        assert_eq!(ok.pipeline.options.retry.max_throttle_retries, 9);
    }
}
