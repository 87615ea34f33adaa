// Linux file-system calls that Swift's Glibc module does not import (they need _GNU_SOURCE).
#ifndef WIREDESK_CSPOOLSHIM_H
#define WIREDESK_CSPOOLSHIM_H

/// renameat2(…, RENAME_NOREPLACE): atomically renames, failing with EEXIST instead of replacing the target.
/// Returns 0 or -1 with errno set (EINVAL when the file system does not support the flag).
int wd_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

#endif
