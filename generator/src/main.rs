//! The generator's command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    version,
    about = "Turns OpenAPI 3.0/3.1 documents into typed Rust HTTP clients"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates one module per spec in SPECS into OUT, as the `generated` crate's build does.
    Generate {
        /// The folder of specs (`*.yaml`, `*.yml`, `*.json`).
        specs: PathBuf,
        /// Where to write `modules.rs` and the module files.
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { specs, out } => {
            let generated = match generator::generate_dir(&specs) {
                Ok(generated) => generated,
                Err(error) => {
                    eprintln!("error: cannot read {}: {error}", specs.display());
                    return ExitCode::from(2);
                }
            };
            for report in &generated.reports {
                eprint!("{}", report.render());
            }
            if let Err(error) = generated.write_if_changed(&out) {
                eprintln!("error: cannot write {}: {error}", out.display());
                return ExitCode::from(2);
            }
            if generated.has_errors() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
