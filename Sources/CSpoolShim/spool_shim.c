// See CSpoolShim.h.
#define _GNU_SOURCE
#include "CSpoolShim.h"
#include <fcntl.h>
#include <stdio.h>

int wd_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
    return renameat2(olddirfd, oldpath, newdirfd, newpath, RENAME_NOREPLACE);
}
