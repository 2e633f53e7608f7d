//! What a file on disk is and how it stands, read from its metadata alone (`lstat`, never
//! following a link). One reading that each part asks its own question of: the watcher and the
//! scan whether it is still being written, the holds whether it changed since it was held, the
//! commit which file it is (a crash leftover or a new drop) and what to call a file it never
//! reads.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::SystemTime;

/// A file's metadata, as `lstat` gave it.
#[derive(Debug, Clone)]
pub(crate) struct Stamp(std::fs::Metadata);

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        path.symlink_metadata().ok().map(Stamp)
    }

    /// Size and modification time: unchanged while nobody writes it.
    pub fn written(&self) -> Option<(u64, SystemTime)> {
        Some((self.0.len(), self.0.modified().ok()?))
    }

    /// Which file it is: inode and change time. The change time moves with every write,
    /// chmod or new link and no one can set it back, so a file that still has the identity
    /// recorded when it was filed is that very file, and the same bytes dropped again are a
    /// new one, whatever their path and modification time. The device is left out: another
    /// host sees a shared folder (NFS, SMB) under a device number of its own, but the same
    /// inode and change time, which the file server gives every client, so a daemon there
    /// recognises a filing another daemon's crash cut short.
    pub fn identity(&self) -> String {
        let m = &self.0;
        format!("file:{}:{}.{:09}", m.ino(), m.ctime(), m.ctime_nsec())
    }

    /// Which inode it is, the file's change time left out.
    pub fn inode(&self) -> String {
        format!("inode:{}", self.0.ino())
    }

    /// Whether it is the file a recorded identity (`identity`, or `inode` for a file whose
    /// inode cannot be freed meanwhile) names; identities recorded before the device was left
    /// out (`dev:ino:ctime`, `inode:dev:ino`) are recognised on the host that recorded them.
    pub fn is(&self, recorded: &str) -> bool {
        let m = &self.0;
        if recorded.starts_with("inode:") {
            return self.inode() == recorded
                || format!("inode:{}:{}", m.dev(), m.ino()) == recorded;
        }
        self.identity() == recorded
            || format!(
                "{}:{}:{}.{:09}",
                m.dev(),
                m.ino(),
                m.ctime(),
                m.ctime_nsec()
            ) == recorded
    }

    /// Names a file whose bytes are not read: its inode, size and modification time (stable
    /// while it waits, so a pass that restarts after a crash recognises it).
    pub fn unread_name(&self) -> String {
        let m = &self.0;
        let stat = Some((m.dev(), m.ino(), m.size(), m.mtime(), m.mtime_nsec()));
        format!("unread:{stat:?}")
    }

    /// All that decides whether a held file is worth another try: the file's identity, size,
    /// times, mode and owner, and the mode and owner of the `folder` holding it.
    pub fn held(&self, folder: Option<&Stamp>) -> String {
        let file = &self.0;
        let (folder_mode, folder_uid, folder_gid) = folder
            .map(|f| (f.0.mode(), f.0.uid(), f.0.gid()))
            .unwrap_or_default();
        format!(
            "{}:{}:{}:{}.{}:{}.{}:{:o}:{}:{}/{:o}:{}:{}",
            file.dev(),
            file.ino(),
            file.size(),
            file.mtime(),
            file.mtime_nsec(),
            file.ctime(),
            file.ctime_nsec(),
            file.mode(),
            file.uid(),
            file.gid(),
            folder_mode,
            folder_uid,
            folder_gid,
        )
    }

    /// Whether two stamps are of one inode.
    pub fn same_file(&self, other: &Stamp) -> bool {
        (self.0.dev(), self.0.ino()) == (other.0.dev(), other.0.ino())
    }
}
