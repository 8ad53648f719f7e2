use cosmos_protocol::headers as h;

use crate::error::Result;
use crate::request::Request;

/// Throughput provisioned when a database or container is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ThroughputProperties {
    /// A fixed number of request units per second.
    Manual(u32),
    /// Autoscale between 10% of the maximum and the maximum RU/s.
    Autoscale { max_throughput: u32 },
}

impl ThroughputProperties {
    pub fn manual(request_units: u32) -> Self {
        Self::Manual(request_units)
    }

    pub fn autoscale(max_throughput: u32) -> Self {
        Self::Autoscale { max_throughput }
    }

    /// Sets `x-ms-offer-throughput` or `x-ms-cosmos-offer-autopilot-settings`.
    pub(crate) fn apply(self, request: &mut Request) -> Result<()> {
        match self {
            Self::Manual(ru) => request.header(h::OFFER_THROUGHPUT, ru.to_string()),
            Self::Autoscale { max_throughput } => request.header(
                h::OFFER_AUTOPILOT,
                serde_json::json!({ "maxThroughput": max_throughput }).to_string(),
            ),
        }
    }
}

impl From<u32> for ThroughputProperties {
    fn from(ru: u32) -> Self {
        Self::Manual(ru)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let mut req = Request::new("t", http::Method::POST, vec![]);
        ThroughputProperties::manual(400).apply(&mut req).unwrap();
        ThroughputProperties::autoscale(4000)
            .apply(&mut req)
            .unwrap();
        assert_eq!(req.headers[h::OFFER_THROUGHPUT], "400");
        assert_eq!(req.headers[h::OFFER_AUTOPILOT], r#"{"maxThroughput":4000}"#);
    }
}
