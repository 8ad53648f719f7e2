use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{SystemProperties, ThroughputProperties};

/// An offer: the throughput provisioned on a database or container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OfferProperties {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_version: Option<String>,
    /// The `_self` link of the database or container the offer belongs to.
    pub resource: String,
    /// The RID of that database or container.
    pub offer_resource_id: String,
    pub content: OfferContent,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

/// The throughput part of an offer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OfferContent {
    /// Manual RU/s (for autoscale, the current scale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_throughput: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_autopilot_settings: Option<AutoscaleSettings>,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AutoscaleSettings {
    pub max_throughput: u32,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl OfferProperties {
    /// The provisioned throughput: autoscale when the offer has autopilot settings.
    pub fn throughput(&self) -> Option<ThroughputProperties> {
        match (
            &self.content.offer_autopilot_settings,
            self.content.offer_throughput,
        ) {
            (Some(auto), _) => Some(ThroughputProperties::autoscale(auto.max_throughput)),
            (None, Some(ru)) => Some(ThroughputProperties::manual(ru)),
            (None, None) => None,
        }
    }

    /// Sets the throughput to `throughput`, switching between manual and autoscale as asked.
    pub(crate) fn set_throughput(&mut self, throughput: ThroughputProperties) {
        match throughput {
            ThroughputProperties::Manual(ru) => {
                self.content.offer_throughput = Some(ru);
                self.content.offer_autopilot_settings = None;
            }
            ThroughputProperties::Autoscale { max_throughput } => {
                self.content.offer_throughput = None;
                self.content.offer_autopilot_settings = Some(AutoscaleSettings {
                    max_throughput,
                    additional_properties: Map::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_switches_throughput() {
        let mut offer: OfferProperties = serde_json::from_value(json!({
            "id": "o1", "_rid": "o1", "offerVersion": "V2", "offerType": "Invalid",
            "resource": "dbs/x/colls/y/", "offerResourceId": "y",
            "content": {"offerThroughput": 400, "offerIsRUPerMinuteThroughputEnabled": false}
        }))
        .unwrap();
        assert_eq!(offer.throughput(), Some(ThroughputProperties::manual(400)));
        offer.set_throughput(ThroughputProperties::autoscale(4000));
        let body = serde_json::to_value(&offer).unwrap();
        assert_eq!(
            body["content"],
            json!({"offerAutopilotSettings": {"maxThroughput": 4000}, "offerIsRUPerMinuteThroughputEnabled": false})
        );
        assert_eq!(body["offerType"], "Invalid");
        assert_eq!(
            offer.throughput(),
            Some(ThroughputProperties::autoscale(4000))
        );
    }
}
