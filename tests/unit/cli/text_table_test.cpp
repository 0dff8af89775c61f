#include "text_table.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace localemu::cli {
namespace {

TEST(TextTable, AlignsColumnsAndFlattensCells) {
  TextTable table({"NAME", "VALUE", "SOURCE"});
  table.add({"A", "1", "default"});
  table.add({"LONGER_NAME", "{\n  \"k\": \"v\"\n}", "environment"});
  std::ostringstream out;
  table.print(out);
  EXPECT_EQ(out.str(),
            "NAME         VALUE         SOURCE\n"
            "A            1             default\n"
            "LONGER_NAME  { \"k\": \"v\" }  environment\n");
}

TEST(TextTable, LongCellsOverflowTheirRowOnly) {
  TextTable table({"N", "V", "S"});
  table.add({"a", std::string(TextTable::kMaxWidth + 10, 'x'), "s"});
  table.add({"b", "short", "s"});
  std::ostringstream out;
  table.print(out);
  const std::string pad(TextTable::kMaxWidth - 5 + 2, ' ');
  EXPECT_NE(out.str().find("b  short" + pad + "s\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(std::string(TextTable::kMaxWidth + 10, 'x') + "  s\n"), std::string::npos);
}

}  // namespace
}  // namespace localemu::cli
