//! Partition key wire types, shared with the client and the emulator through
//! `cosmos-protocol`.

pub use cosmos_protocol::{
    PartitionKey, PartitionKeyDefinition, PartitionKeyKind, PartitionKeyValue,
};
