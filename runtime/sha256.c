/* sha256.c — SHA-256 (FIPS 180-4) for the source hash and the bytecode hash.
 * Incremental: init, update any number of times, final.
 */
#include "format.h"

static const uint32_t sha_k[64] = {
  0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u,
  0x923f82a4u, 0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
  0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u,
  0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
  0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u,
  0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
  0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
  0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
  0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au,
  0x5b9cca4fu, 0x682e6ff3u, 0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
  0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static uint32_t sha_rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static uint32_t sha_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void sha_block(sgr_sha256 *h, const uint8_t *blk) {
  uint32_t w[64], s[8];
  for (int i = 0; i < 16; i++) w[i] = sha_be32(blk + 4 * i);
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = sha_rotr(w[i - 15], 7) ^ sha_rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = sha_rotr(w[i - 2], 17) ^ sha_rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  memcpy(s, h->state, sizeof s);
  for (int i = 0; i < 64; i++) {
    uint32_t S1 = sha_rotr(s[4], 6) ^ sha_rotr(s[4], 11) ^ sha_rotr(s[4], 25);
    uint32_t ch = (s[4] & s[5]) ^ (~s[4] & s[6]);
    uint32_t t1 = s[7] + S1 + ch + sha_k[i] + w[i];
    uint32_t S0 = sha_rotr(s[0], 2) ^ sha_rotr(s[0], 13) ^ sha_rotr(s[0], 22);
    uint32_t maj = (s[0] & s[1]) ^ (s[0] & s[2]) ^ (s[1] & s[2]);
    uint32_t t2 = S0 + maj;
    s[7] = s[6]; s[6] = s[5]; s[5] = s[4]; s[4] = s[3] + t1;
    s[3] = s[2]; s[2] = s[1]; s[1] = s[0]; s[0] = t1 + t2;
  }
  for (int i = 0; i < 8; i++) h->state[i] += s[i];
}

/* Start a new hash in *h. */
void sgr_sha256_init(sgr_sha256 *h) {
  static const uint32_t iv[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
    0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
  };
  memcpy(h->state, iv, sizeof iv);
  h->length = 0;
  h->fill = 0;
}

/* Feed `len` bytes of `data` into the hash. */
void sgr_sha256_update(sgr_sha256 *h, const void *data, size_t len) {
  const uint8_t *p = data;
  h->length += len;
  while (len > 0) {
    size_t take = 64 - h->fill;
    if (take > len) take = len;
    memcpy(h->block + h->fill, p, take);
    h->fill += take;
    p += take;
    len -= take;
    if (h->fill == 64) {
      sha_block(h, h->block);
      h->fill = 0;
    }
  }
}

/* Finish the hash and write the 32-byte digest to out; *h is spent. */
void sgr_sha256_final(sgr_sha256 *h, uint8_t out[32]) {
  uint64_t bits = h->length * 8;
  h->block[h->fill++] = 0x80;
  if (h->fill > 56) {
    memset(h->block + h->fill, 0, 64 - h->fill);
    sha_block(h, h->block);
    h->fill = 0;
  }
  memset(h->block + h->fill, 0, 56 - h->fill);
  for (int i = 0; i < 8; i++) h->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
  sha_block(h, h->block);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (uint8_t)(h->state[i] >> 24);
    out[4 * i + 1] = (uint8_t)(h->state[i] >> 16);
    out[4 * i + 2] = (uint8_t)(h->state[i] >> 8);
    out[4 * i + 3] = (uint8_t)h->state[i];
  }
}
