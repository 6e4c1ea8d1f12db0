//! How fast generated types decode a realistic response: Commerce Layer's API credential, a
//! JSON:API document with nested objects, dates, nullable fields and a secret.
//!
//! `cargo bench --bench decode` prints criterion's time per body and its throughput.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use generated::commerce_layer::types::ApiCredentialResponse;

const CREDENTIAL: &str = r#"{
  "data": {
    "id": "xYZkjABcde",
    "type": "api_credentials",
    "links": {"self": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde"},
    "attributes": {
      "name": "My app",
      "kind": "sales_channel",
      "confidential": true,
      "redirect_uri": "https://bluebrand.com/img/logo.svg",
      "client_id": "xxxx-yyyy-zzzz",
      "client_secret": "s3cr3t-never-printed",
      "scopes": "market:all market:9 market:122 market:6 stock_location:6 stock_location:33",
      "expires_in": 7200,
      "mode": "test",
      "custom": false,
      "created_at": "2018-01-01T12:00:00.000Z",
      "updated_at": "2018-01-01T12:00:00.000Z",
      "reference": "ANY-EXTERNAL-REFEFERNCE",
      "reference_origin": null,
      "metadata": {"foo": "bar", "tier": 3}
    },
    "relationships": {
      "organization": {"links": {
        "self": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/relationships/organization",
        "related": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/organization"}},
      "role": {"links": {
        "self": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/relationships/role",
        "related": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/role"}}
    }
  }
}"#;

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(CREDENTIAL.len() as u64));
    group.bench_function("commerce_layer ApiCredentialResponse", |b| {
        b.iter(|| {
            serde_json::from_str::<ApiCredentialResponse>(std::hint::black_box(CREDENTIAL))
                .map_err(|error| error.to_string())
        })
    });
    group.bench_function("the same body as serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(std::hint::black_box(CREDENTIAL)))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
