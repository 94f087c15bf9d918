#include "tests/support/library_schema.h"

#include <google/api/annotations.pb.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/text_format.h>

namespace consent::gateway::testing {

std::string LibraryDescriptorSet() {
  static constexpr char kFile[] = R"pb(
    name: "test/library.proto"
    package: "test.library.v1"
    syntax: "proto3"
    enum_type {
      name: "Kind"
      value { name: "KIND_UNSPECIFIED" number: 0 }
      value { name: "NOVEL" number: 1 }
    }
    message_type {
      name: "Author"
      field { name: "display_name" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
      field {
        name: "mentor"
        number: 2
        type: TYPE_MESSAGE
        type_name: ".test.library.v1.Author"
        label: LABEL_OPTIONAL
      }
    }
    message_type {
      name: "Book"
      field { name: "name" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
      field {
        name: "author"
        number: 2
        type: TYPE_MESSAGE
        type_name: ".test.library.v1.Author"
        label: LABEL_OPTIONAL
      }
      field {
        name: "pages"
        number: 3
        type: TYPE_INT32
        label: LABEL_OPTIONAL
        json_name: "PageCount"
      }
      field { name: "tags" number: 4 type: TYPE_STRING label: LABEL_REPEATED }
      field {
        name: "kind"
        number: 5
        type: TYPE_ENUM
        type_name: ".test.library.v1.Kind"
        label: LABEL_OPTIONAL
      }
      field {
        name: "editor"
        number: 6
        type: TYPE_MESSAGE
        type_name: ".test.library.v1.Author"
        label: LABEL_OPTIONAL
      }
      field {
        name: "contributors"
        number: 7
        type: TYPE_MESSAGE
        type_name: ".test.library.v1.Author"
        label: LABEL_REPEATED
      }
    }
    message_type {
      name: "Filter"
      field { name: "author" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
      field { name: "min_pages" number: 2 type: TYPE_INT32 label: LABEL_OPTIONAL }
    }
    message_type {
      name: "GetBookRequest"
      field { name: "name" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
      field {
        name: "filter"
        number: 2
        type: TYPE_MESSAGE
        type_name: ".test.library.v1.Filter"
        label: LABEL_OPTIONAL
      }
      field { name: "ids" number: 3 type: TYPE_INT64 label: LABEL_REPEATED }
      field { name: "verbose" number: 4 type: TYPE_BOOL label: LABEL_OPTIONAL }
      field {
        name: "kind"
        number: 5
        type: TYPE_ENUM
        type_name: ".test.library.v1.Kind"
        label: LABEL_OPTIONAL
      }
    }
    message_type {
      name: "UpdateBookRequest"
      field {
        name: "book"
        number: 1
        type: TYPE_MESSAGE
        type_name: ".test.library.v1.Book"
        label: LABEL_OPTIONAL
      }
      field { name: "tags" number: 2 type: TYPE_STRING label: LABEL_REPEATED }
      field { name: "request_id" number: 3 type: TYPE_STRING label: LABEL_OPTIONAL }
    }
    message_type {
      name: "BookEnvelope"
      field {
        name: "book"
        number: 1
        type: TYPE_MESSAGE
        type_name: ".test.library.v1.Book"
        label: LABEL_OPTIONAL
      }
      field { name: "etag" number: 2 type: TYPE_STRING label: LABEL_OPTIONAL }
    }
    service {
      name: "Library"
      method {
        name: "GetBook"
        input_type: ".test.library.v1.GetBookRequest"
        output_type: ".test.library.v1.Book"
        options {
          [google.api.http] {
            get: "/v1/{name=shelves/*/books/*}"
            additional_bindings { get: "/v1/books/{name}" }
          }
        }
      }
      method {
        name: "UpdateBook"
        input_type: ".test.library.v1.UpdateBookRequest"
        output_type: ".test.library.v1.BookEnvelope"
        options {
          [google.api.http] {
            patch: "/v1/{book.name=shelves/*/books/*}"
            body: "book"
            response_body: "book"
          }
        }
      }
      method {
        name: "CreateBook"
        input_type: ".test.library.v1.Book"
        output_type: ".test.library.v1.Book"
        options {
          [google.api.http] { post: "/v1/books" body: "*" }
        }
      }
      method {
        name: "TagBook"
        input_type: ".test.library.v1.UpdateBookRequest"
        output_type: ".test.library.v1.Book"
        options {
          [google.api.http] {
            custom { kind: "TAG" path: "/v1/{book.name=shelves/*/books/*}:tag" }
            body: "tags"
          }
        }
      }
      method {
        name: "Unrouted"
        input_type: ".test.library.v1.Book"
        output_type: ".test.library.v1.Book"
      }
    }
  )pb";
  // The extension must be linked in for the text above to parse: a volatile read of its
  // address keeps the reference (a plain `(void)google::api::http;` is optimized away).
  const void* volatile http_extension = &google::api::http;
  (void)http_extension;
  google::protobuf::FileDescriptorSet set;
  if (!google::protobuf::TextFormat::ParseFromString(kFile, set.add_file())) std::abort();
  return set.SerializeAsString();
}

}  // namespace consent::gateway::testing
