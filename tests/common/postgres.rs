//! A real PostgreSQL server for the tests: the integration tests' (`common::Postgres`) and
//! the store's own unit tests (`src/sink/store/db.rs` includes this file), one harness.
#![allow(dead_code)]

use std::path::PathBuf;

use tempfile::TempDir;

/// A real PostgreSQL server for one test: its own data folder, started as nobody when the tests
/// run as root (the server refuses root), on a free loopback port; stopped when dropped.
pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    pub port: u16,
    as_nobody: bool,
    /// The addresses it listens on (`listen_addresses`).
    addresses: std::sync::Mutex<String>,
    _dir: TempDir,
}

impl Postgres {
    /// A server, or why none can start here.
    pub fn try_start() -> Result<Postgres, String> {
        use std::os::unix::fs::PermissionsExt;
        let bin = postgres_bin().ok_or("no PostgreSQL server installed (Debian: postgresql)")?;
        let as_nobody = uzers::get_effective_uid() == 0;
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777))
            .expect("chmod");
        let data = dir.path().join("data");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .map_err(|e| format!("no free port: {e}"))?;
        let server = Postgres {
            bin,
            data,
            port,
            as_nobody,
            addresses: std::sync::Mutex::new("127.0.0.1".to_string()),
            _dir: dir,
        };
        let out = server
            .tool("initdb")
            .args([
                "-U",
                "claimdrop",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "-D",
            ])
            .arg(&server.data)
            .output()
            .expect("initdb");
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        server.serve();
        Ok(server)
    }

    /// Starts the server on its data folder and port (again, after `stop`).
    pub fn serve(&self) {
        let socket = self.data.parent().expect("data folder").to_path_buf();
        let out = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .arg("-o")
            .arg(format!(
                "-h {} -p {} -k {} -c fsync=off",
                self.addresses.lock().expect("addresses"),
                self.port,
                socket.display()
            ))
            .arg("-l")
            .arg(socket.join("log"))
            .args(["-w", "start"])
            .output()
            .expect("pg_ctl start");
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(socket.join("log")).unwrap_or_default()
        );
    }

    /// Restarts the server listening on `address` too, and trusting clients from `network`
    /// (a CIDR range): for clients in other network namespaces.
    pub fn serve_also(&self, address: &str, network: &str) {
        use std::io::Write;
        let mut hba = std::fs::OpenOptions::new()
            .append(true)
            .open(self.data.join("pg_hba.conf"))
            .expect("pg_hba.conf");
        writeln!(hba, "host all all {network} trust").expect("pg_hba.conf");
        self.stop();
        self.addresses
            .lock()
            .expect("addresses")
            .push_str(&format!(",{address}"));
        self.serve();
    }

    /// Stops the server, its clients cut off: as a database that goes away.
    pub fn stop(&self) {
        let out = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "fast", "-w", "stop"])
            .output()
            .expect("pg_ctl stop");
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn tool(&self, name: &str) -> std::process::Command {
        let path = self.bin.join(name);
        if self.as_nobody {
            let mut cmd = std::process::Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(path);
            cmd
        } else {
            std::process::Command::new(path)
        }
    }

    /// A client tool of this server's, connected to it as its superuser.
    fn client(&self, name: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(self.bin.join(name));
        cmd.args([
            "-h",
            "127.0.0.1",
            "-p",
            &self.port.to_string(),
            "-U",
            "claimdrop",
        ]);
        cmd
    }

    /// A new empty database on this server, by its URL.
    pub fn database(&self, name: &str) -> String {
        let out = self
            .client("createdb")
            .arg(name)
            .output()
            .expect("createdb");
        assert!(
            out.status.success(),
            "createdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("postgres://claimdrop@127.0.0.1:{}/{name}", self.port)
    }

    /// One SQL statement run by psql: its rows, unaligned (`|` between columns), or its error.
    pub fn try_query(&self, database: &str, sql: &str) -> Result<String, String> {
        let out = self
            .client("psql")
            .args([
                "-d",
                database,
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ])
            .output()
            .expect("psql");
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// `try_query`, which must succeed.
    pub fn query(&self, database: &str, sql: &str) -> String {
        self.try_query(database, sql)
            .unwrap_or_else(|err| panic!("psql: {err}"))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

/// The folder of the newest installed PostgreSQL server's programs.
fn postgres_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}
