package io.personaforge.dedup.standalone;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A corpus read from a file: its rows in file order and their Avro schema. CSV and JSONL columns
 * become nullable strings; a column name that is not a valid Avro name (e.g. {@code user 1
 * personas}) is stored under a sanitised name ({@code user_1_personas}) with the original kept in
 * the field property {@value #ORIGINAL_NAME}.
 *
 * @param source the file's name, for messages
 * @param schema one Avro record schema for every row
 * @param rows the rows, in file order
 */
public record Table(String source, Schema schema, List<GenericRecord> rows) {
  /** Field property holding a column's name as written in the input file. */
  public static final String ORIGINAL_NAME = "personaforge.column";

  /** Column names as the user wrote them, in order. */
  public List<String> columns() {
    return schema.getFields().stream().map(Table::columnName).toList();
  }

  /** The Avro field of a column given by its original or Avro name, or null. */
  public Schema.Field field(String column) {
    for (Schema.Field f : schema.getFields()) {
      if (columnName(f).equals(column) || f.name().equals(column)) {
        return f;
      }
    }
    return null;
  }

  static String columnName(Schema.Field f) {
    Object original = f.getObjectProp(ORIGINAL_NAME);
    return original == null ? f.name() : original.toString();
  }
}
