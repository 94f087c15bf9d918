// Flags with environment fallbacks: precedence, spellings, booleans, bad values.
#include "lib/flags/flag_set.h"

#include <cstdlib>

#include <gtest/gtest.h>

namespace consent::flags {
namespace {

struct Settings {
  std::string listen = "default";
  int pool = 8;
  bool migrate = false;
};

FlagSet Register(Settings& s) {
  FlagSet flags;
  flags.AddString("listen", "FLAGSET_TEST_LISTEN", "where", &s.listen);
  flags.AddInt("pool-size", "FLAGSET_TEST_POOL", "how many", &s.pool, 1);
  flags.AddBool("migrate-only", "", "once", &s.migrate);
  return flags;
}

absl::Status Parse(FlagSet& flags, std::vector<const char*> args) {
  args.insert(args.begin(), "program");
  return flags.Parse(static_cast<int>(args.size()), args.data());
}

TEST(FlagSet, CommandLineBeatsEnvironmentBeatsDefault) {
  setenv("FLAGSET_TEST_LISTEN", "from-env", 1);
  setenv("FLAGSET_TEST_POOL", "3", 1);
  Settings s;
  FlagSet flags = Register(s);
  ASSERT_TRUE(Parse(flags, {"--listen", "from-flag"}).ok());
  EXPECT_EQ(s.listen, "from-flag");
  EXPECT_EQ(s.pool, 3);
  unsetenv("FLAGSET_TEST_LISTEN");
  unsetenv("FLAGSET_TEST_POOL");
}

TEST(FlagSet, DashesAndUnderscoresAreOneNameAndBooleansStandAlone) {
  Settings s;
  FlagSet flags = Register(s);
  ASSERT_TRUE(Parse(flags, {"--pool_size=4", "--migrate-only", "--listen=x"}).ok());
  EXPECT_EQ(s.pool, 4);
  EXPECT_TRUE(s.migrate);
  EXPECT_EQ(s.listen, "x");
  ASSERT_TRUE(Parse(flags, {"--migrate_only=false"}).ok());
  EXPECT_FALSE(s.migrate);
}

TEST(FlagSet, BadValuesAndUnknownFlagsAreErrorsNamingTheFlag) {
  Settings s;
  FlagSet flags = Register(s);
  absl::Status low = Parse(flags, {"--pool-size=0"});
  EXPECT_FALSE(low.ok());
  EXPECT_NE(std::string(low.message()).find("--pool-size"), std::string::npos) << low;
  EXPECT_FALSE(Parse(flags, {"--pool-size=many"}).ok());
  EXPECT_FALSE(Parse(flags, {"--migrate-only=perhaps"}).ok());
  EXPECT_FALSE(Parse(flags, {"--nope=1"}).ok());
  EXPECT_FALSE(Parse(flags, {"--listen"}).ok());
  EXPECT_EQ(s.pool, 8);
}

TEST(FlagSet, HelpIsAskedForAndListsEveryFlagWithItsVariable) {
  Settings s;
  FlagSet flags = Register(s);
  ASSERT_TRUE(Parse(flags, {"--helpfull"}).ok());
  EXPECT_TRUE(flags.help_requested());
  const std::string usage = flags.Usage("program");
  EXPECT_NE(usage.find("--pool-size [$FLAGSET_TEST_POOL]"), std::string::npos) << usage;
  EXPECT_NE(usage.find("--migrate-only"), std::string::npos);
}

}  // namespace
}  // namespace consent::flags
