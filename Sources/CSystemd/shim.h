// libsystemd headers used by the Systemd target. Swift cannot call C variadics
// (sd_journal_send, sd_notifyf): the Swift side uses sd_journal_sendv and sd_notify.
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>
