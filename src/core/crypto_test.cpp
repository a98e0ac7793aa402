#include "core/crypto.hpp"

#include <gtest/gtest.h>

namespace fuwu::crypto {

TEST(Crypto, SealedSecretsOpenOnlyWithTheirKeyAndUnaltered) {
  initialize();
  const std::string key(kSecretKeyBytes, 'k');
  const std::string other(kSecretKeyBytes, 'o');
  const std::string sealed = seal(key, R"({"username":"fuwu","password":"s3cret"})");
  EXPECT_EQ(sealed.find("s3cret"), std::string::npos);
  EXPECT_EQ(*open(key, sealed), R"({"username":"fuwu","password":"s3cret"})");
  EXPECT_FALSE(open(other, sealed).is_ok());
  std::string tampered = sealed;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(open(key, tampered).is_ok());
  EXPECT_NE(seal(key, "same"), seal(key, "same"));  // fresh nonce every time
  EXPECT_FALSE(open(key, "zz").is_ok());
}

TEST(Crypto, Sha256OfKnownInput) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace fuwu::crypto
