//! `cosmos-emulator`: runs the emulator until Ctrl-C or SIGTERM.

use clap::Parser;
use cosmos_emulator::Emulator;

#[derive(Debug, Parser)]
#[command(
    name = "cosmos-emulator",
    about = "A local Cosmos DB (NoSQL API) compatible server"
)]
struct Args {
    /// Loopback port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8081)]
    port: u16,
    /// Account key (base64). Defaults to the well-known emulator key.
    #[arg(long, default_value = cosmos_protocol::EMULATOR_KEY)]
    key: String,
    /// Serve HTTPS with a self-signed certificate.
    #[arg(long)]
    tls: bool,
    /// Physical partitions per new container.
    #[arg(long, default_value_t = 1)]
    partitions: usize,
    /// Enforce provisioned throughput: 429 once a partition's RU/s are spent.
    #[arg(long)]
    enforce_throughput: bool,
    /// With --tls, write the self-signed certificate (PEM) here so clients can trust it.
    #[arg(long, requires = "tls")]
    cert_out: Option<std::path::PathBuf>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let emulator = match Emulator::builder()
        .port(args.port)
        .key(args.key.clone())
        .tls(args.tls)
        .partitions(args.partitions)
        .enforce_throughput(args.enforce_throughput)
        .start()
        .await
    {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("cosmos-emulator: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if let (Some(path), Some(pem)) = (&args.cert_out, emulator.certificate_pem()) {
        if let Err(error) = std::fs::write(path, pem) {
            eprintln!("cosmos-emulator: cannot write {}: {error}", path.display());
            return std::process::ExitCode::FAILURE;
        }
    }
    println!("cosmos-emulator ready at {}", emulator.endpoint());
    wait_for_signal().await;
    emulator.shutdown().await;
    std::process::ExitCode::SUCCESS
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
