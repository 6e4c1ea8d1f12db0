//! The generator's command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use generator::diagnostics::Severity;

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
        /// The name of the crate that includes the modules, as code writes it.
        #[arg(long, default_value = "generated")]
        crate_name: String,
    },
    /// Checks specs without generating: exit status 0 when clean, 1 when there are warnings and
    /// `--deny-warnings` is given, 2 when there are errors.
    Check {
        /// The specs (`.yaml`, `.yml` or `.json`).
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Writes a self-contained crate for one spec, depending only on published crates.
    Crate {
        /// The spec (`.yaml`, `.yml` or `.json`).
        spec: PathBuf,
        /// The crate's folder.
        #[arg(long)]
        out: PathBuf,
        /// The crate's name; by default derived from the spec's file name.
        #[arg(long)]
        name: Option<String>,
    },
}

#[global_allocator]
static ALLOCATOR: generator::Allocator = generator::Allocator;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            specs,
            out,
            crate_name,
        } => {
            let generated = match generator::generate_dir(&specs, &crate_name) {
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
        Command::Check {
            specs,
            deny_warnings,
        } => {
            let (mut errors, mut warnings) = (0, 0);
            for spec in &specs {
                let report = match generator::check_file(spec) {
                    Ok(report) => report,
                    Err(error) => {
                        eprintln!("error: cannot read {}: {error}", spec.display());
                        errors += 1;
                        continue;
                    }
                };
                eprint!("{}", report.render());
                for diagnostic in &report.diagnostics {
                    match diagnostic.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                    }
                }
            }
            eprintln!(
                "checked {} spec(s): {errors} error(s), {warnings} warning(s)",
                specs.len()
            );
            if errors > 0 {
                ExitCode::from(2)
            } else if warnings > 0 && deny_warnings {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Crate { spec, out, name } => {
            let generated = match generator::generate_crate(&spec, name.as_deref()) {
                Ok(generated) => generated,
                Err(error) => {
                    eprintln!("error: cannot read {}: {error}", spec.display());
                    return ExitCode::from(2);
                }
            };
            eprint!("{}", generated.report.render());
            if generated.report.has_errors() {
                return ExitCode::from(2);
            }
            if let Err(error) = generated.write_to(&out) {
                eprintln!("error: cannot write {}: {error}", out.display());
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
    }
}
