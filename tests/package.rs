//! The Debian package as an administrator meets it: `scripts/package.sh` builds
//! `target/debian/claimdrop.deb` (`.ci/run` does so before the tests), and this test installs it
//! with `dpkg -i` on this machine, uses what it installed, then removes it again.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn deb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debian/claimdrop.deb")
}

fn run(program: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn gunzip(path: &Path) -> String {
    let (ok, text) = run("zcat", &[path.to_str().unwrap()]);
    assert!(ok, "{}: {text}", path.display());
    text
}

/// Removes the package (and the user its postinst made, if it made it) however the test ends.
struct Installed {
    made_user: bool,
}

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = run("dpkg", &["--purge", "claimdrop"]);
        if self.made_user {
            let _ = run("deluser", &["--system", "--quiet", "claimdrop"]);
        }
    }
}

#[test]
fn the_package_installs_its_binary_manual_completions_unit_and_example() {
    // SAFETY: geteuid only reads the process's credentials.
    if unsafe { libc::geteuid() } != 0 {
        return common::skip("dpkg -i needs root");
    }
    let deb = deb();
    if !deb.exists() {
        return common::skip("no target/debian/claimdrop.deb: run scripts/package.sh first");
    }
    let (ok, status) = run("dpkg-query", &["-W", "-f=${Status}", "claimdrop"]);
    assert!(
        !(ok && status.contains("installed")),
        "claimdrop is already installed on this machine: this test will not replace it"
    );
    let made_user = !run("getent", &["passwd", "claimdrop"]).0;

    let (ok, said) = run("dpkg", &["-i", deb.to_str().unwrap()]);
    let _installed = Installed { made_user };
    assert!(ok, "dpkg -i: {said}");
    let (ok, status) = run("dpkg-query", &["-W", "-f=${Status}", "claimdrop"]);
    assert!(ok && status == "install ok installed", "{status}");

    // The binary, the one this checkout builds.
    let (ok, version) = run("/usr/bin/claimdrop", &["--version"]);
    assert!(ok, "{version}");
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");

    // The manual page and the completions, made by the binary itself.
    let manual = gunzip(Path::new("/usr/share/man/man1/claimdrop.1.gz"));
    assert!(
        manual.contains(".TH claimdrop 1"),
        "{}",
        &manual[..200.min(manual.len())]
    );
    assert!(manual.contains("watch") && manual.contains("claims"));
    for (path, says) in [
        (
            "/usr/share/bash-completion/completions/claimdrop",
            "complete -F",
        ),
        (
            "/usr/share/zsh/vendor-completions/_claimdrop",
            "#compdef claimdrop",
        ),
        (
            "/usr/share/fish/vendor_completions.d/claimdrop.fish",
            "complete -c claimdrop",
        ),
    ] {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(text.contains(says), "{path}");
    }

    // The unit: the daemon, reloaded by SIGHUP, as the system user the package made; installed
    // disabled, since a workspace must be made first.
    let unit = ["/lib/systemd/system", "/usr/lib/systemd/system"]
        .iter()
        .map(|dir| Path::new(dir).join("claimdrop.service"))
        .find(|p| p.exists())
        .expect("claimdrop.service installed");
    let unit = std::fs::read_to_string(unit).unwrap();
    assert!(
        unit.contains("ExecStart=/usr/bin/claimdrop watch"),
        "{unit}"
    );
    assert!(
        unit.contains("ExecReload=/bin/kill -HUP $MAINPID"),
        "{unit}"
    );
    assert!(unit.contains("User=claimdrop"), "{unit}");
    assert!(
        run("getent", &["passwd", "claimdrop"]).0,
        "the unit's user exists"
    );
    let home = std::fs::metadata("/var/lib/claimdrop").expect("/var/lib/claimdrop");
    assert!(home.is_dir());
    assert!(
        !Path::new("/etc/systemd/system/multi-user.target.wants/claimdrop.service").exists(),
        "installed disabled"
    );

    // The example configuration is the one `init` writes, and it parses.
    let example = "/usr/share/doc/claimdrop/examples/claimdrop.toml";
    let example_text = std::fs::read_to_string(example).unwrap();
    let ws = common::Workspace::bare();
    std::fs::write(ws.join("claimdrop.toml"), &example_text).unwrap();
    std::fs::create_dir_all(ws.join("inbox/invoices/CLM-000001")).unwrap();
    std::fs::write(ws.join("inbox/invoices/CLM-000001/empty.pdf"), b"").unwrap();

    // The installed binary files a drop, its reader processes included.
    let root = ws.path().to_str().unwrap();
    let (ok, said) = run("/usr/bin/claimdrop", &["--workspace", root, "run"]);
    assert!(ok, "{said}");
    assert!(said.contains("processed 1:"), "{said}");
    assert!(ws.join("quarantine/empty/empty.pdf").exists(), "{said}");

    drop(_installed);
    assert!(!Path::new("/usr/bin/claimdrop").exists(), "removed again");
}
