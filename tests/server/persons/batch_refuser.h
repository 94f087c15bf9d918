#pragma once
// A test's hook into the data-consent group commit: makes every statement that writes more
// than one of a tenant's decisions fail, as a batch might (say, on a serialization error).
#include <string>

#include <pqxx/pqxx>

#include "tests/support/test_stack.h"

namespace consent::testing {

// While installed, a statement that writes more than one of `tenant`'s data-consent rows
// fails, as a group-committed batch might (say, on a serialization error); each attempt
// bumps a sequence, which a rollback does not undo.
class BatchRefuser {
 public:
  explicit BatchRefuser(const std::string& tenant) : conn_(SharedCluster().url()) {
    pqxx::nontransaction sql(conn_);
    sql.exec("CREATE SEQUENCE refused_batches");
    sql.exec(
        "CREATE FUNCTION refuse_batches() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF (SELECT count(*) FROM changed WHERE tenant = " +
        sql.quote(tenant) +
        ") > 1 THEN"
        "   PERFORM nextval('refused_batches');"
        "   RAISE EXCEPTION 'batch refused by the test';"
        " END IF; RETURN NULL; END $$");
    for (const char* event : {"INSERT", "UPDATE"}) {
      sql.exec(std::string("CREATE TRIGGER refuse_batches_") + event + " AFTER " + event +
               " ON person_data_consents REFERENCING NEW TABLE AS changed"
               " FOR EACH STATEMENT EXECUTE FUNCTION refuse_batches()");
    }
  }
  ~BatchRefuser() {
    pqxx::nontransaction sql(conn_);
    sql.exec("DROP FUNCTION refuse_batches() CASCADE");
    sql.exec("DROP SEQUENCE refused_batches");
  }
  int refused() {
    pqxx::nontransaction sql(conn_);
    return sql
        .exec("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM refused_batches")[0][0]
        .as<int>();
  }

 private:
  pqxx::connection conn_;
};

}  // namespace consent::testing
