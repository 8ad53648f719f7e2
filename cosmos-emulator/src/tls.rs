//! Self-signed HTTPS: a certificate for `localhost` and `127.0.0.1` generated at start-up,
//! served by rustls with the `ring` provider.

use crate::errors::EmulatorError;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;

/// A generated certificate and the acceptor serving it.
pub struct Tls {
    pub acceptor: TlsAcceptor,
    /// The certificate in PEM, for clients that want to trust it.
    pub certificate_pem: String,
}

pub fn self_signed() -> Result<Tls, EmulatorError> {
    let tls_err = |e: &dyn std::fmt::Display| EmulatorError::Tls(e.to_string());
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .map_err(|e| tls_err(&e))?;
    let cert = CertificateDer::from(certified.cert.der().to_vec());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| tls_err(&e))?
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .map_err(|e| tls_err(&e))?;
    // Offer HTTP/2 first, as the service does; clients without it fall back to HTTP/1.1.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Tls {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        certificate_pem: certified.cert.pem(),
    })
}
