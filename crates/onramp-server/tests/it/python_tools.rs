//! Pinned Python tools some checks run (the OpenAPI validators and fuzzer, a third-party FHIR
//! client): each set in a virtual environment made the first time under the target directory
//! and kept for later runs. Where Python or PyPI is not available the check is skipped with a
//! notice — except in CI, where that fails it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Serializes installing among this binary's tests.
static INSTALLING: Mutex<()> = Mutex::new(());

/// The Python of the environment `name` (`target/tmp/<name>`) holding `packages`; `None` (after
/// a notice naming `purpose`) where it cannot be made here.
pub fn pinned_python(name: &str, packages: &[&str], purpose: &str) -> Option<PathBuf> {
    let _installing = INSTALLING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let target_tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let venv = target_tmp.join(name);
    let python = venv.join("bin").join("python");
    let wanted = packages.join("\n");
    let installed = |venv: &Path| {
        std::fs::read_to_string(venv.join("onramp-tools.txt")).is_ok_and(|text| text == wanted)
    };
    if installed(&venv) && python.exists() {
        return Some(python);
    }
    let Some(system_python) = crate::browser_support::find_program(&["python3"]) else {
        return unavailable(purpose, "python3 is not installed");
    };
    // Installed beside the final place and renamed into it, so that a test binary run
    // concurrently (nextest) never sees half an environment. Only `python -m …` is used: the
    // environment's own scripts name the staging path.
    let staging = target_tmp.join(format!("{name}.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let run = |command: &mut Command| match command.output() {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(format!(
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )),
        Err(error) => Err(format!("{command:?} did not run: {error}")),
    };
    eprintln!("installing {} into {}", packages.join(", "), venv.display());
    let made = run(Command::new(&system_python)
        .args(["-m", "venv"])
        .arg(&staging))
    .and_then(|()| {
        run(Command::new(staging.join("bin").join("python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(packages))
    });
    if let Err(reason) = made {
        let _ = std::fs::remove_dir_all(&staging);
        return unavailable(purpose, &reason);
    }
    std::fs::write(staging.join("onramp-tools.txt"), &wanted).unwrap();
    if !installed(&venv) {
        let _ = std::fs::remove_dir_all(&venv);
        if std::fs::rename(&staging, &venv).is_err() && !installed(&venv) {
            panic!("could not move {} to {}", staging.display(), venv.display());
        }
    }
    let _ = std::fs::remove_dir_all(&staging);
    Some(python)
}

fn unavailable(purpose: &str, reason: &str) -> Option<PathBuf> {
    if std::env::var_os("CI").is_some() {
        panic!("{purpose} are needed in CI and could not be installed: {reason}");
    }
    eprintln!("notice: skipping the checks that need {purpose}: {reason}");
    None
}
