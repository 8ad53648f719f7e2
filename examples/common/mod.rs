//! Shared by the examples: connect to the account in `COSMOS_CONNECTION_STRING`, or start the
//! embedded emulator when it is unset.

use cosmos::core::CosmosClient;
use cosmos::emulator::Emulator;

/// The client, and the emulator to keep alive while using it (when one was started).
pub async fn connect() -> Result<(CosmosClient, Option<Emulator>), Box<dyn std::error::Error>> {
    match std::env::var("COSMOS_CONNECTION_STRING") {
        Ok(connection_string) => {
            println!("using the account from COSMOS_CONNECTION_STRING");
            Ok((
                CosmosClient::from_connection_string(&connection_string)?,
                None,
            ))
        }
        Err(_) => {
            let emulator = Emulator::start().await?;
            println!("started the embedded emulator at {}", emulator.endpoint());
            let client = CosmosClient::from_connection_string(&emulator.connection_string())?;
            Ok((client, Some(emulator)))
        }
    }
}
