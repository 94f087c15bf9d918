#include "app/services.h"

#include "persons/person_service.h"

namespace consent {
namespace {

template <typename Api, typename Impl>
void Add(ServiceSet& set, ConnectionPool& pool) {
  set.services.push_back(std::make_unique<Impl>(pool));
  set.names.push_back(Api::service_full_name());
}

}  // namespace

ServiceSet BuildServices(ConnectionPool& pool) {
  ServiceSet set;
  Add<v1::PersonService, PersonServiceImpl>(set, pool);
  return set;
}

}  // namespace consent
