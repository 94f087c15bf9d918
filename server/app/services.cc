#include "server/app/services.h"

#include <utility>

#include "server/api_users/api_user_service.h"
#include "server/api_users/api_user_validation.h"
#include "server/consent_persons/consent_person_service.h"
#include "server/consent_types/consent_type_service.h"
#include "server/ledger/ledger_service.h"
#include "server/list_items/list_service.h"
#include "server/person_data/person_data_service.h"
#include "server/persons/person_service.h"

namespace consent {
namespace {

template <typename Api, typename Impl, typename... Options>
void Add(ServiceSet& set, ConnectionPool& pool, Options&&... options) {
  set.services.push_back(std::make_unique<Impl>(pool, std::forward<Options>(options)...));
  set.names.push_back(Api::service_full_name());
}

}  // namespace

ServiceSet BuildServices(ConnectionPool& pool, int write_batches, const LedgerOptions& ledger,
                         observability::Metrics& metrics, auth::BasicVerifier* basic) {
  ServiceSet set;
  Add<v1::PersonService, PersonServiceImpl>(set, pool, write_batches, metrics);
  Add<v1::ListService, ListServiceImpl>(set, pool);
  Add<v1::ConsentPersonService, ConsentPersonServiceImpl>(set, pool);
  Add<v1::ConsentTypeService, ConsentTypeServiceImpl>(set, pool);
  Add<v1::LedgerService, LedgerServiceImpl>(set, pool, write_batches, ledger, metrics);
  Add<v1::PersonDataService, PersonDataServiceImpl>(set, pool, ledger.signing_key, ledger.clock);
  // API users may hold the scopes of the services above.
  Add<v1::ApiUserService, ApiUserServiceImpl>(set, pool, api_users::GrantableScopes(set.names),
                                              [basic](const std::string& user_name) {
                                                if (basic != nullptr) basic->Forget(user_name);
                                              });
  return set;
}

}  // namespace consent
