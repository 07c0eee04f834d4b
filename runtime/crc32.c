/* crc32.c — CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the same
 * value as zlib's crc32(). A 16-entry table, one nibble at a time: small and
 * fast enough for whole-file checks at load time.
 */
#include "format.h"

static const uint32_t crc_nibble[16] = {
  0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu,
  0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
  0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
  0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

/* Continue a CRC-32: start with crc = 0; returns the CRC of everything fed. */
uint32_t sgr_crc32(uint32_t crc, const void *data, size_t len) {
  const uint8_t *p = data;
  crc = ~crc;
  for (size_t i = 0; i < len; i++) {
    crc ^= p[i];
    crc = (crc >> 4) ^ crc_nibble[crc & 15];
    crc = (crc >> 4) ^ crc_nibble[crc & 15];
  }
  return ~crc;
}
