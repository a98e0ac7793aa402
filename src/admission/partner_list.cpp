#include "admission/partner_list.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <cstdint>
#include <unordered_map>

#include "core/utf8.hpp"

namespace fuwu::admission {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

Status invalid(std::string message) {
  return Status(ErrorCode::invalid_argument, std::move(message));
}

std::string line_prefix(std::size_t line) {
  return "line " + std::to_string(line) + ": ";
}

// --- Text helpers -------------------------------------------------------------------------------

// Whitespace as spreadsheets hold it: ASCII, NO-BREAK SPACE (pasted from web pages) and the
// ideographic space U+3000 (typed with a Chinese input method). Returns the byte length of the
// whitespace character at the start of `s`, or 0.
std::size_t whitespace_length(std::string_view s) {
  const char c = s[0];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') return 1;
  if (s.size() >= 2 && c == '\xC2' && s[1] == '\xA0') return 2;
  if (s.size() >= 3 && c == '\xE3' && s[1] == '\x80' && s[2] == '\x80') return 3;
  return 0;
}

// Byte length of the whitespace character that ends `s`, or 0.
std::size_t trailing_whitespace_length(std::string_view s) {
  const char c = s.back();
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') return 1;
  if (s.size() >= 2 && s.ends_with("\xC2\xA0")) return 2;
  if (s.size() >= 3 && s.ends_with("\xE3\x80\x80")) return 3;
  return 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty()) {
    const std::size_t n = whitespace_length(s);
    if (n == 0) break;
    s.remove_prefix(n);
  }
  while (!s.empty()) {
    const std::size_t n = trailing_whitespace_length(s);
    if (n == 0) break;
    s.remove_suffix(n);
  }
  return s;
}

// Writes the identity form of `text` into `out` (cleared first), so the hot loop reuses one buffer.
void normalize_into(std::string_view text, std::string& out) {
  out.clear();
  bool pending_space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    // Only these bytes can start whitespace; testing them first keeps the common path short.
    const bool maybe_space = static_cast<unsigned char>(c) <= ' ' || c == '\xC2' || c == '\xE3';
    const std::size_t space = maybe_space ? whitespace_length(text.substr(i)) : 0;
    if (space != 0) {
      pending_space = true;
      i += space;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      ++i;
    } else if (c == '\xEF' && i + 2 < text.size() &&
               (text[i + 1] == '\xBC' || text[i + 1] == '\xBD')) {
      // U+FF01-FF5E (EF BC 81 … EF BD 9E) are full-width forms of ASCII 0x21-0x7E.
      const unsigned code = 0xFF00u | ((static_cast<unsigned char>(text[i + 1]) & 0x03u) << 6) |
                            (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
      if (code >= 0xFF01 && code <= 0xFF5E) {
        char ascii = static_cast<char>(code - 0xFEE0);
        if (ascii >= 'A' && ascii <= 'Z') ascii = static_cast<char>(ascii - 'A' + 'a');
        out.push_back(ascii);
      } else {
        out.append(text.substr(i, 3));
      }
      i += 3;
    } else {
      out.push_back(c);
      ++i;
    }
  }
}

// At most `max_chars` code points of `value`, for quoting values in messages.
std::string shorten(std::string_view value, std::size_t max_chars = 40) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80 && chars++ == max_chars)
      return std::string(value.substr(0, i)) + "…";
  }
  return std::string(value);
}

// "5 MiB", "300 KiB" or "1000 bytes", for limit messages.
std::string size_text(std::size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::size_t count_code_points_unchecked(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::size_t count_lines_before(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// --- Typed values -------------------------------------------------------------------------------

bool is_landline(std::string_view digits) {
  std::string_view local = digits;
  if (!digits.empty() && digits[0] == '0') {
    // Area codes: 010 and 02x have three digits, all others four.
    const std::size_t area = digits.size() >= 2 && (digits[1] == '1' || digits[1] == '2') ? 3 : 4;
    if (digits.size() <= area) return false;
    local = digits.substr(area);
  }
  return (local.size() == 7 || local.size() == 8) && local[0] >= '2' && local[0] <= '9';
}

bool is_mobile(std::string_view digits) {
  return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

bool is_region_code(std::string_view value, std::string& buffer) {
  normalize_into(value, buffer);  // folds full-width digits
  return buffer.size() == 6 &&
         std::all_of(buffer.begin(), buffer.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool check_phone(std::string_view value, std::string& buffer) {
  normalize_into(value, buffer);  // folds full-width digits, ＋, （ and ）
  // Digits with a leading '0' slot, so "+86 10 6552 9988" can be read as 010 6552 9988.
  std::array<char, 24> storage{};
  std::size_t length = 1;
  std::size_t last_group_start = 1;  // where the last group of digits starts in `storage`
  bool last_group_after_dash = false;
  bool plus = false;
  char previous_separator = 0;
  for (std::size_t i = 0; i < buffer.size(); ++i) {
    const char c = buffer[i];
    if (c >= '0' && c <= '9') {
      if (length == storage.size()) return false;
      if (i > 0 && (buffer[i - 1] < '0' || buffer[i - 1] > '9')) {
        last_group_start = length;
        last_group_after_dash = previous_separator == '-';
      }
      storage[length++] = c;
    } else if (c == '+' && i == 0) {
      plus = true;
    } else if (c == ' ' || c == '-' || c == '(' || c == ')') {
      previous_separator = c;
    } else {
      return false;
    }
  }
  const std::string_view all(storage.data() + 1, length - 1);
  std::size_t country = 0;
  if (plus) {
    if (!all.starts_with("86")) return false;  // a foreign number is not a mainland contact
    country = 2;
  } else if (all.starts_with("0086")) {
    country = 4;
  } else if (all.size() == 13 && all.starts_with("861")) {
    country = 2;
  }
  const std::string_view d = all.substr(country);
  if (d.empty()) return false;
  if (is_mobile(d)) return true;
  if (d.size() == 10 && (d.starts_with("400") || d.starts_with("800"))) return true;
  if (is_landline(d)) return true;
  if (country != 0 && d[0] != '0') {  // international form drops the area code's 0
    storage[country] = '0';
    if (is_landline(std::string_view(storage.data() + country, length - country))) return true;
  }
  // 0755-86013388-1234: the last dash-separated group is an extension.
  const std::size_t first = 1 + country;
  if (last_group_after_dash && last_group_start > first) {
    const std::size_t extension = length - last_group_start;
    if (extension >= 1 && extension <= 6)
      return is_landline(std::string_view(storage.data() + first, last_group_start - first));
  }
  return false;
}

// --- Encoding -----------------------------------------------------------------------------------

struct Decoded {
  std::string_view text;  // the UTF-8 text, without BOM: in the input or in the caller's buffer
  std::string encoding;
  bool had_bom = false;
};

Status convert_gb18030(std::string_view bytes, std::string& out) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1))
    return Status(ErrorCode::internal, "iconv cannot convert from GB18030 on this system");
  // GB18030 never grows by more than half when re-encoded as UTF-8 (2 bytes → at most 3).
  out.assign(bytes.size() + bytes.size() / 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());  // POSIX iconv takes char**, and does not write
  std::size_t in_left = bytes.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t rc = iconv(cd, &in, &in_left, &out_ptr, &out_left);
  const int error = errno;
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) {
    const std::size_t offset = static_cast<std::size_t>(in - bytes.data());
    if (error == E2BIG) return Status(ErrorCode::internal, "GB18030 conversion overflowed");
    return invalid("the file is neither UTF-8 nor GB18030 text: undecodable bytes on line " +
                   std::to_string(count_lines_before(bytes, offset)) +
                   "; save it from the spreadsheet as CSV (UTF-8)");
  }
  out.resize(out.size() - out_left);
  return Status::ok();
}

// `converted` holds the text when it had to be converted; it belongs to the caller so that the
// view in Decoded outlives this function (a moved short string would take its characters along).
Result<Decoded> decode(std::string_view bytes, std::string& converted) {
  Decoded d;
  if (bytes.starts_with("PK\x03\x04"))
    return invalid("this is an Excel workbook (.xlsx), not CSV: save it as CSV (UTF-8) first");
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))
    return invalid("the file is UTF-16 (Excel \"Unicode text\"): save it as CSV (UTF-8) instead");
  if (bytes.find('\0') != std::string_view::npos)
    return invalid("the file contains NUL bytes: it is not a CSV text file");
  if (bytes.starts_with(kUtf8Bom)) {
    d.had_bom = true;
    d.text = bytes.substr(kUtf8Bom.size());
    if (!utf8::is_valid(d.text))
      return invalid("the file starts with a UTF-8 byte-order mark but is not valid UTF-8");
    d.encoding = "utf-8";
    return d;
  }
  // Chinese text in GB18030 is almost never valid UTF-8 by accident, so validity decides.
  if (utf8::is_valid(bytes)) {
    d.text = bytes;
    d.encoding = "utf-8";
    return d;
  }
  FUWU_TRY(convert_gb18030(bytes, converted));
  d.text = converted;
  d.encoding = "gb18030";
  if (d.text.starts_with(kUtf8Bom)) {  // GB18030's own BOM (84 31 95 33) becomes U+FEFF
    d.had_bom = true;
    d.text.remove_prefix(kUtf8Bom.size());
  }
  return d;
}

// --- CSV ----------------------------------------------------------------------------------------

// RFC 4180 records, read in one pass. Line breaks are CRLF, LF or a lone CR (old Mac exports);
// each counts as one physical line. Lenient where spreadsheets are: text after a closing quote is
// kept ("ab"c → abc), a quote inside an unquoted field is literal.
class CsvReader {
 public:
  CsvReader(std::string_view text, std::size_t max_field_chars)
      : text_(text), max_field_chars_(max_field_chars) {}

  enum class Next { record, end, error };

  // Reads one record into cells[0, count), reusing the strings' storage. `line` is where the
  // record starts.
  Next next(std::vector<std::string>& cells, std::size_t& count, std::size_t& line) {
    if (pos_ >= text_.size()) return Next::end;
    line = line_;
    count = 0;
    for (;;) {
      if (count == cells.size()) cells.emplace_back();
      std::string& cell = cells[count++];
      cell.clear();
      bool quoted = false;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        quoted = true;
        if (!read_quoted(cell)) {
          error_ = invalid(line_prefix(line) + "a quoted field is never closed");
          return Next::error;
        }
      }
      const std::size_t start = pos_;
      while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == ',' || c == '\n' || c == '\r') break;
        ++pos_;
      }
      cell.append(text_.substr(start, pos_ - start));
      if (cell.size() > max_field_chars_ && count_code_points_unchecked(cell) > max_field_chars_) {
        error_ = invalid(
            line_prefix(line) + "a field is longer than " + std::to_string(max_field_chars_) +
            " characters" +
            (quoted && cell.find('\n') != std::string::npos ? " (is a quote left open?)" : ""));
        return Next::error;
      }
      if (pos_ >= text_.size()) return Next::record;
      const char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return Next::record;
    }
  }

  Status error() const { return error_; }

 private:
  // At the opening quote; leaves pos_ after the closing one. False when the input ends first.
  bool read_quoted(std::string& cell) {
    ++pos_;
    for (;;) {
      const std::size_t quote = text_.find('"', pos_);
      if (quote == std::string_view::npos) return false;
      const std::string_view span = text_.substr(pos_, quote - pos_);
      count_line_breaks(span);
      cell.append(span);
      pos_ = quote + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {  // "" is a literal quote
        cell.push_back('"');
        ++pos_;
        continue;
      }
      return true;
    }
  }

  void count_line_breaks(std::string_view span) {
    for (std::size_t i = 0; i < span.size(); ++i) {
      if (span[i] == '\n' || (span[i] == '\r' && (i + 1 == span.size() || span[i + 1] != '\n')))
        ++line_;
    }
  }

  std::string_view text_;
  std::size_t max_field_chars_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  Status error_;
};

bool is_blank(const std::vector<std::string>& cells, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    if (!trim(cells[i]).empty()) return false;
  }
  return true;
}

// --- Header -------------------------------------------------------------------------------------

// cell index → schema column index, or -1 for columns the schema does not know.
Result<std::vector<int>> match_header(const ListSchema& schema,
                                      const std::vector<std::string>& cells, std::size_t count,
                                      std::size_t line, std::vector<std::string>& ignored) {
  std::vector<std::vector<std::string>> names(schema.columns.size());
  for (std::size_t c = 0; c < schema.columns.size(); ++c) {
    for (const std::string& name : schema.columns[c].names)
      names[c].push_back(normalize_partner_identity(name));
  }
  std::vector<int> column_of_cell(count, -1);
  std::vector<int> cell_of_column(schema.columns.size(), -1);
  std::string header;
  for (std::size_t i = 0; i < count; ++i) {
    normalize_into(cells[i], header);
    if (header.empty()) continue;
    bool matched = false;
    for (std::size_t c = 0; c < schema.columns.size() && !matched; ++c) {
      if (std::find(names[c].begin(), names[c].end(), header) == names[c].end()) continue;
      matched = true;
      if (cell_of_column[c] >= 0) {
        return invalid(line_prefix(line) + "both \"" +
                       std::string(trim(cells[static_cast<std::size_t>(cell_of_column[c])])) +
                       "\" and \"" + std::string(trim(cells[i])) + "\" are the column " +
                       schema.columns[c].names[0] + "; keep one of them");
      }
      cell_of_column[c] = static_cast<int>(i);
      column_of_cell[i] = static_cast<int>(c);
    }
    if (!matched) ignored.emplace_back(trim(cells[i]));
  }

  std::string missing;
  for (std::size_t c = 0; c < schema.columns.size(); ++c) {
    const Column& column = schema.columns[c];
    if (!column.required || cell_of_column[c] >= 0) continue;
    if (!missing.empty()) missing += "; ";
    missing += "missing required column " + column.names[0] + " (accepted headers: ";
    for (std::size_t n = 0; n < column.names.size(); ++n)
      missing += (n == 0 ? "" : ", ") + column.names[n];
    missing += ")";
  }
  if (!missing.empty()) {
    // A header that arrives as one cell holding tabs or semicolons was not split by commas.
    if (count == 1 && cells[0].find_first_of("\t;") != std::string::npos)
      missing += "; the file seems to use tabs or semicolons, not commas, between columns";
    return invalid(line_prefix(line) + missing);
  }
  return column_of_cell;
}

void add_problem(PartnerListSummary& summary, const PartnerListLimits& limits, std::size_t line,
                 std::string message) {
  ++summary.problems_total;
  if (summary.problems.size() < limits.max_problems)
    summary.problems.push_back({line, std::move(message)});
}

}  // namespace

std::string normalize_partner_identity(std::string_view text) {
  std::string out;
  normalize_into(text, out);
  return out;
}

bool is_phone_number(std::string_view text) {
  std::string buffer;
  return check_phone(trim(text), buffer);
}

Result<PartnerListSummary> parse_partner_list(std::string_view bytes, const ListSchema& schema,
                                              const PartnerListLimits& limits) {
  assert(std::any_of(schema.columns.begin(), schema.columns.end(),
                     [](const Column& c) { return c.required; }) &&
         "a list schema needs a required column: the first one is the row's identity");
  if (bytes.size() > limits.max_bytes)
    return Status(ErrorCode::payload_too_large,
                  "the file is larger than " + size_text(limits.max_bytes) + "; split the list");
  std::string converted;
  FUWU_ASSIGN_OR_RETURN(Decoded decoded, decode(bytes, converted));

  PartnerListSummary summary;
  summary.encoding = decoded.encoding;
  summary.had_bom = decoded.had_bom;

  CsvReader reader(decoded.text, limits.max_field_chars);
  std::vector<std::string> cells;
  std::size_t count = 0;
  std::size_t line = 0;
  auto next_non_blank = [&]() -> Result<bool> {
    for (;;) {
      switch (reader.next(cells, count, line)) {
        case CsvReader::Next::end:
          return false;
        case CsvReader::Next::error:
          return reader.error();
        case CsvReader::Next::record:
          if (!is_blank(cells, count)) return true;
      }
    }
  };

  FUWU_ASSIGN_OR_RETURN(bool has_header, next_non_blank());
  if (!has_header) return invalid("the file is empty: it needs a header row and data rows");
  FUWU_ASSIGN_OR_RETURN(std::vector<int> column_of_cell,
                        match_header(schema, cells, count, line, summary.ignored_columns));
  const std::size_t columns = schema.columns.size();
  std::vector<std::string> header_names(columns);  // as spelled in the file, for messages
  std::vector<std::size_t> cell_of_column(columns, SIZE_MAX);
  for (std::size_t i = 0; i < column_of_cell.size(); ++i) {
    if (column_of_cell[i] < 0) continue;
    const auto c = static_cast<std::size_t>(column_of_cell[i]);
    cell_of_column[c] = i;
    header_names[c] = std::string(trim(cells[i]));
  }
  std::size_t identity_column = 0;
  while (!schema.columns[identity_column].required) ++identity_column;

  std::unordered_map<std::string, std::size_t> first_line_of;  // identity → line
  // Sized once from the line count: rehashing a growing table was the largest cost of a big file.
  first_line_of.reserve(std::min<std::size_t>(
      limits.max_rows,
      static_cast<std::size_t>(std::count(decoded.text.begin(), decoded.text.end(), '\n')) + 1));
  std::string identity;
  std::string scratch;
  std::string reasons;
  std::vector<std::string_view> values(columns);
  for (;;) {
    FUWU_ASSIGN_OR_RETURN(bool has_row, next_non_blank());
    if (!has_row) break;
    if (++summary.rows_total > limits.max_rows)
      return Status(ErrorCode::payload_too_large,
                    "the list has more than " + std::to_string(limits.max_rows) + " rows");
    for (std::size_t c = 0; c < columns; ++c)
      values[c] = cell_of_column[c] < count ? trim(cells[cell_of_column[c]]) : std::string_view();

    // Only build messages for problems that will be kept.
    const bool keep = summary.problems.size() < limits.max_problems;
    bool well_formed = true;
    reasons.clear();
    auto reject = [&](std::string reason) {
      well_formed = false;
      if (!keep) return;
      if (!reasons.empty()) reasons += "; ";
      reasons += reason;
    };
    for (std::size_t c = 0; c < columns; ++c) {
      const Column& column = schema.columns[c];
      const std::string_view value = values[c];
      if (value.empty()) {
        if (column.required) reject(keep ? header_names[c] + " is empty" : "");
        continue;
      }
      if (column.kind == ColumnKind::phone && !check_phone(value, scratch)) {
        reject(keep ? header_names[c] + " \"" + shorten(value) + "\" is not a phone number" : "");
      } else if (column.kind == ColumnKind::region_code && !is_region_code(value, scratch)) {
        reject(keep ? header_names[c] + " \"" + shorten(value) + "\" is not a 6-digit region code"
                    : "");
      }
    }
    if (!well_formed) {
      add_problem(summary, limits, line, std::move(reasons));
      continue;
    }
    ++summary.rows_well_formed;

    normalize_into(values[identity_column], identity);
    const auto [it, inserted] = first_line_of.try_emplace(identity, line);
    if (inserted) {
      ++summary.rows_distinct;
    } else {
      add_problem(summary, limits, line,
                  keep ? header_names[identity_column] + " \"" + shorten(values[identity_column]) +
                             "\" duplicates line " + std::to_string(it->second) + "; counted once"
                       : std::string());
    }
  }
  return summary;
}

const ListSchema& merchant_list_schema() {
  static const ListSchema schema{{
      {{"商户名称", "商户名", "merchant name", "merchant", "name"}, true, ColumnKind::text},
      {{"联系人", "contact", "contact name", "contact person"}, false, ColumnKind::text},
      {{"联系电话", "电话", "手机", "手机号", "phone", "mobile", "contact phone", "telephone"},
       false,
       ColumnKind::phone},
      {{"地区编码", "所在地区", "行政区划代码", "region code", "region"},
       false,
       ColumnKind::region_code},
  }};
  return schema;
}

const ListSchema& influencer_list_schema() {
  // The account comes first because the first required column is the identity: nicknames are
  // neither unique nor stable, the platform account is both.
  static const ListSchema schema{{
      {{"平台账号", "抖音号", "账号", "platform account", "account", "handle"},
       true,
       ColumnKind::handle},
      {{"达人昵称", "昵称", "nickname", "influencer name", "name"}, true, ColumnKind::text},
      {{"粉丝数", "粉丝量", "followers", "follower count"}, false, ColumnKind::text},
      {{"联系电话", "电话", "手机", "手机号", "phone", "mobile", "contact phone", "telephone"},
       false,
       ColumnKind::phone},
  }};
  return schema;
}

}  // namespace fuwu::admission
