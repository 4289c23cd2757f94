#ifndef MW_CRC32C_H
#define MW_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli, the checksum S3 calls CRC32C): continues `crc` over `length`
/// bytes. Start with 0; the result is the finished CRC of everything so far. Uses the
/// CPU's CRC32C instruction (SSE 4.2 on x86-64, the CRC extension on arm64) when present,
/// otherwise slicing-by-8 tables.
uint32_t mw_crc32c_update(uint32_t crc, const void *data, size_t length);

/// The CRC-32C of A followed by B, from crc(A), crc(B) and B's length (zlib's
/// crc32_combine for the Castagnoli polynomial): parts hashed separately, or in
/// parallel, give the whole object's CRC without reading it again.
uint32_t mw_crc32c_combine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b);

/// 1 when the hardware instruction is used, 0 for the table fallback (for tests and logs).
int mw_crc32c_hardware(void);

/// Forces the table implementation (1) or automatic selection (0); for tests that compare both.
void mw_crc32c_force_software(int force);

#endif
