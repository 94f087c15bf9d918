#include "server/auth/key_store.h"

#include "lib/observability/json_log.h"

namespace consent::auth {

KeyStore::KeyStore(JwksSource source, KeyStoreTiming timing)
    : source_(std::move(source)), timing_(timing) {}

KeyStore::~KeyStore() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (refresher_.joinable()) refresher_.join();
}

absl::Status KeyStore::Load() {
  absl::MutexLock fetching(&fetch_mu_);
  {
    absl::MutexLock lock(&mu_);
    ++fetches_;
  }
  absl::StatusOr<std::string> text = source_.fetch();
  absl::StatusOr<jose::KeySet> keys = text.ok() ? jose::ParseJwks(*text) : text.status();
  if (keys.ok() && keys->empty()) {
    keys = absl::UnavailableError(source_.description + " holds no RS256 or ES256 key");
  }
  if (!keys.ok()) return keys.status();
  absl::MutexLock lock(&mu_);
  keys_ = *std::move(keys);
  return absl::OkStatus();
}

void KeyStore::StartRefreshing() {
  if (refresher_.joinable() || timing_.refresh_interval <= absl::ZeroDuration()) return;
  refresher_ = std::thread([this] { Refresh(); });
}

void KeyStore::Refresh() {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      const absl::Duration wait =
          keys_.empty() ? timing_.refetch_interval : timing_.refresh_interval;
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), wait);
      if (stopping_) return;
    }
    if (absl::Status loaded = Load(); !loaded.ok()) {
      observability::LogJson(
          "warning", "JWKS refresh failed; keeping the last good keys",
          {{"source", source_.description}, {"error", std::string(loaded.message())}});
    }
  }
}

absl::StatusOr<std::shared_ptr<const jose::Key>> KeyStore::Lookup(const std::string& kid) const {
  if (keys_.empty()) return absl::UnavailableError("no signing keys are loaded");
  if (kid.empty()) {
    if (keys_.size() == 1) return keys_.front();
    return absl::UnauthenticatedError("the token names no key (kid) and several are trusted");
  }
  for (const auto& key : keys_) {
    if (key->kid() == kid) return key;
  }
  return absl::UnauthenticatedError("the token's key (kid) is not trusted");
}

absl::StatusOr<std::shared_ptr<const jose::Key>> KeyStore::Find(const std::string& kid) {
  {
    absl::MutexLock lock(&mu_);
    auto key = Lookup(kid);
    const bool fetch_could_help = !kid.empty() || keys_.empty();
    if (key.ok() || !fetch_could_help) return key;
    if (absl::Now() - last_refetch_ < timing_.refetch_interval) {
      // Join the fetch another call started, if it is still running; else the answer stands.
      mu_.Await(absl::Condition(
          +[](bool* refetching) { return !*refetching; }, &refetching_));
      return Lookup(kid);
    }
    last_refetch_ = absl::Now();
    refetching_ = true;
  }
  absl::Status loaded = Load();
  if (!loaded.ok()) {
    observability::LogJson(
        "warning", "JWKS refetch failed; keeping the last good keys",
        {{"source", source_.description}, {"error", std::string(loaded.message())}});
  }
  absl::MutexLock lock(&mu_);
  refetching_ = false;
  return Lookup(kid);
}

bool KeyStore::has_keys() const {
  absl::MutexLock lock(&mu_);
  return !keys_.empty();
}

int KeyStore::fetches() const {
  absl::MutexLock lock(&mu_);
  return fetches_;
}

}  // namespace consent::auth
