// A software prefetch, which Swift has no spelling for.
#ifndef WIREDESK_CPREFETCHSHIM_H
#define WIREDESK_CPREFETCHSHIM_H

/// Asks the CPU to start loading the cache line holding `address` (for reading, kept in all cache levels). A hint:
/// it never faults and changes no result.
static inline void wd_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
