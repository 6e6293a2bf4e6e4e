/*
 * BiProbe: what a BI tool (Metabase, Superset, Tableau...) sees of csmetrics
 * through PostgreSQL's JDBC driver.  Run by test/t_jdbc.sh against the
 * database test/jdbc/setup.sql fills:
 *
 *   java -cp /usr/share/java/postgresql.jar:DIR BiProbe HOST PORT DB USER
 *
 * (the password, if any, in PGPASSWORD).  One query per function family, the
 * way a BI tool sends it: a plain java.sql.Statement, SQL text with no cast
 * added.  For each column, from ResultSetMetaData and the rows:
 *
 *   number    every rate, score, count and ..._seconds value: a numeric JDBC
 *             type, values that are java.lang.Number, at least one non-NULL,
 *             and getDouble equal to the text getString gives
 *   state     a state type (survey, duration_sketch, timeline, frt_state,
 *             reply_state, calendar): getString gives its text form, equal to
 *             the server's (col::text); written back through a parameter,
 *             both with setString on a connection with stringtype=unspecified
 *             and with setObject(i, text, Types.OTHER), it equals (=, the
 *             operator csmetrics defines) the original, and a parameter
 *             compares with it in a WHERE clause
 *   interval  the interval forms: reported (JDBC OTHER, PGInterval), which is
 *             why the ..._seconds forms exist
 *   key       grouping columns: reported
 *
 * Calendars go in as parameters (setString under stringtype=unspecified, and
 * Types.OTHER) to business_seconds, business_time, sla_rate,
 * first_response_seconds and time_in_status_seconds, each checked against
 * the same call with the calendar written in the SQL text.
 *
 * Prints one line per checked column and a summary; exits 1 on any
 * mismatch.  Java 11 and later (Debian 11's default JDK).
 */
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

public final class BiProbe
{
	private static final Set<Integer> NUMERIC = new HashSet<>(Arrays.asList(
		Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC, Types.DECIMAL,
		Types.BIGINT, Types.INTEGER, Types.SMALLINT));
	private static final String CAL = "mon-fri 09:00-17:00; tz Europe/Berlin";

	private static int checked;
	private static int failed;
	private static Connection plain;		/* the driver's defaults */
	private static Connection unspecified;	/* stringtype=unspecified */

	public static void main(String[] args) throws Exception
	{
		String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/" + args[2];
		Properties props = new Properties();
		props.setProperty("user", args[3]);
		String password = System.getenv("PGPASSWORD");
		if (password != null)
			props.setProperty("password", password);
		plain = DriverManager.getConnection(url, props);
		Properties u = new Properties();
		u.putAll(props);
		u.setProperty("stringtype", "unspecified");
		unspecified = DriverManager.getConnection(url, u);
		System.out.printf("driver %s, server %s%n", plain.getMetaData().getDriverVersion(),
						  plain.getMetaData().getDatabaseProductVersion());

		families();
		states();
		calendars();

		System.out.printf("%d columns checked, %d mismatches%n", checked, failed);
		plain.close();
		unspecified.close();
		System.exit(failed == 0 ? 0 : 1);
	}

	/* ---------- one BI query per family ---------- */

	private static void families() throws SQLException
	{
		query("survey", "SELECT channel, nps(nps_score) AS nps, nps_margin(nps_score) AS nps_margin,"
			  + " csat(csat_score) AS csat, csat_lower(csat_score) AS csat_lower, csat_upper(csat_score) AS csat_upper,"
			  + " ces(ces_score) AS ces, negative_feedback_rate(stars) AS negative_feedback_rate,"
			  + " positive_review_rate(stars) AS positive_review_rate"
			  + " FROM tickets GROUP BY channel ORDER BY channel",
			  "key", "number", "number", "number", "number", "number", "number", "number", "number");
		query("survey state", "SELECT day, nps(nps_state) AS nps, nps_margin(nps_state, 0.95) AS nps_margin,"
			  + " responses(nps_state) AS responses, promoters(nps_state) AS promoters,"
			  + " passives(nps_state) AS passives, detractors(nps_state) AS detractors,"
			  + " score_count(nps_state, 10) AS score_10"
			  + " FROM daily_states ORDER BY day",
			  "key", "number", "number", "number", "number", "number", "number", "number");
		query("survey rollup", "SELECT date_trunc('month', day) AS month, nps(rollup(nps_state)) AS nps,"
			  + " responses(rollup(nps_state)) AS responses FROM daily_states GROUP BY 1 ORDER BY 1",
			  "key", "number", "number");
		query("share", "SELECT channel, pct(contacts > 1) AS pct, csat(thumbs_up) AS csat,"
			  + " csat_lower(thumbs_up) AS csat_lower, csat_upper(thumbs_up) AS csat_upper"
			  + " FROM tickets GROUP BY channel ORDER BY channel",
			  "key", "number", "number", "number", "number");
		query("rates", "SELECT channel, sla_rate(first_reply_at - created_at, '24 hours') AS sla_elapsed,"
			  + " sla_rate(created_at, first_reply_at, '1 day') AS sla,"
			  + " sla_rate(created_at, resolved_at, '2 days', timestamptz '2025-05-01 00:00+00') AS sla_as_of,"
			  + " fcr_rate(contacts) AS fcr, fcr_rate(contacts = 1) AS fcr_boolean,"
			  + " one_touch_rate(agent_replies) AS one_touch, resolution_rate(resolved_at IS NOT NULL) AS resolution,"
			  + " automation_rate(human_touched) AS automation"
			  + " FROM tickets GROUP BY channel ORDER BY channel",
			  "key", "number", "number", "number", "number", "number", "number", "number", "number");
		query("conversation", "SELECT ticket_id, first_response_seconds(sent_at, from_agent) AS first_response_seconds,"
			  + " avg_response_seconds(sent_at, from_agent) AS avg_response_seconds,"
			  + " first_response_time(sent_at, from_agent) AS first_response_time"
			  + " FROM messages GROUP BY ticket_id ORDER BY ticket_id",
			  "key", "number", "number", "interval");
		query("conversation window", "SELECT ticket_id, sent_at,"
			  + " response_seconds(sent_at, from_agent) OVER (PARTITION BY ticket_id ORDER BY sent_at) AS response_seconds"
			  + " FROM messages ORDER BY ticket_id, sent_at",
			  "key", "key", "number");
		query("conversation state", "SELECT ticket_id, frt_state_seconds_final(frt) AS first_response_seconds,"
			  + " reply_state_seconds_final(replies) AS avg_response_seconds FROM ticket_states ORDER BY ticket_id",
			  "key", "number", "number");
		query("percentile", "SELECT channel,"
			  + " duration_percentile_seconds(resolved_at - created_at, 0.9) AS p90_seconds,"
			  + " duration_percentile_seconds(resolved_at - created_at, ARRAY[0.5, 0.9]) AS p50_p90_seconds,"
			  + " value_percentile(handle_seconds, 0.5) AS median_handle_seconds,"
			  + " value_percentile(handle_seconds, ARRAY[0.5, 0.9]) AS handle_p50_p90,"
			  + " duration_percentile(resolved_at - created_at, 0.9) AS p90"
			  + " FROM tickets GROUP BY channel ORDER BY channel",
			  "key", "number", "number[]", "number", "number[]", "interval");
		query("duration sketch", "SELECT date_trunc('month', day) AS month,"
			  + " percentile_seconds(rollup(resolution), 0.9) AS p90_seconds,"
			  + " percentile_seconds(rollup(resolution), ARRAY[0.5, 0.9]) AS p50_p90_seconds,"
			  + " mean_seconds(rollup(resolution)) AS mean_seconds, min_seconds(rollup(resolution)) AS min_seconds,"
			  + " max_seconds(rollup(resolution)) AS max_seconds, sketch_count(rollup(resolution)) AS sketch_count,"
			  + " percentile(rollup(resolution), 0.9) AS p90"
			  + " FROM daily_states GROUP BY 1 ORDER BY 1",
			  "key", "number", "number[]", "number", "number", "number", "number", "interval");
		query("timeline", "SELECT p.period_start, p.at_start, p.opened, p.closed, p.lost, p.at_end,"
			  + " p.retention_rate, p.churn_rate"
			  + " FROM (SELECT rollup(backlog) AS tl FROM daily_states) r, periods(r.tl) p ORDER BY 1",
			  "key", "number", "number", "number", "number", "number", "number", "number");
		query("timeline rates", "SELECT channel,"
			  + " retention_rate(created_at, resolved_at, '2025-04-01 00:00+00', '2025-05-01 00:00+00') AS retention_rate,"
			  + " churn_rate(created_at, resolved_at, '2025-04-01 00:00+00', '2025-05-01 00:00+00') AS churn_rate"
			  + " FROM tickets GROUP BY channel ORDER BY channel",
			  "key", "number", "number");
		query("time in status", "SELECT ticket_id,"
			  + " time_in_status_seconds(changed_at, status, '{new,open}', timestamptz '2025-06-01 00:00+00') AS open_seconds,"
			  + " time_in_status_seconds(changed_at, status, '{new,open}', '" + CAL + "', timestamptz '2025-06-01 00:00+00') AS open_business_seconds,"
			  + " time_in_status(changed_at, status, '{new,open}', timestamptz '2025-06-01 00:00+00') AS open_time"
			  + " FROM status_changes GROUP BY ticket_id ORDER BY ticket_id",
			  "key", "number", "number", "interval");
		query("contact centre", "SELECT service_level(wait, answered, '20 seconds') AS service_level,"
			  + " service_level(wait, answered, '20 seconds', '5 seconds') AS service_level_short_abandons,"
			  + " abandonment_rate(answered) AS abandonment_rate,"
			  + " abandonment_rate(wait, answered, '5 seconds') AS abandonment_rate_after_5s FROM calls",
			  "number", "number", "number", "number");
		query("calendar", "SELECT id, business_seconds(created_at, first_reply_at, '" + CAL + "') AS business_seconds,"
			  + " business_time(created_at, first_reply_at, '" + CAL + "') AS business_time"
			  + " FROM tickets ORDER BY id",
			  "key", "number", "interval");
	}

	/* Run one BI query and check each column against its expected kind. */
	private static void query(String family, String sql, String... kinds) throws SQLException
	{
		List<List<Object>> values = new ArrayList<>();
		List<List<String>> texts = new ArrayList<>();
		List<List<Double>> doubles = new ArrayList<>();
		ResultSetMetaData md;
		int n;

		try (Statement st = plain.createStatement(); ResultSet rs = st.executeQuery(sql))
		{
			md = rs.getMetaData();
			n = md.getColumnCount();
			if (n != kinds.length)
				throw new IllegalStateException(family + ": " + n + " columns, " + kinds.length + " kinds");
			for (int i = 0; i < n; i++)
			{
				values.add(new ArrayList<>());
				texts.add(new ArrayList<>());
				doubles.add(new ArrayList<>());
			}
			while (rs.next())
			{
				for (int i = 1; i <= n; i++)
				{
					Object o = rs.getObject(i);

					values.get(i - 1).add(o instanceof Array ? ((Array) o).getArray() : o);
					texts.get(i - 1).add(rs.getString(i));
					if (kinds[i - 1].equals("number") && NUMERIC.contains(md.getColumnType(i)))
						doubles.get(i - 1).add(rs.wasNull() ? null : rs.getDouble(i));
					else
						doubles.get(i - 1).add(null);
				}
			}
			for (int i = 1; i <= n; i++)
				checkColumn(family, md, i, kinds[i - 1], values.get(i - 1), texts.get(i - 1), doubles.get(i - 1));
		}
	}

	private static void checkColumn(String family, ResultSetMetaData md, int i, String kind,
									List<Object> values, List<String> texts, List<Double> doubles)
		throws SQLException
	{
		int type = md.getColumnType(i);
		String problem = null;
		String java = "null";
		int nonNull = 0;

		for (Object v : values)
			if (v != null)
			{
				nonNull++;
				java = v.getClass().getName();
			}
		switch (kind)
		{
			case "number":
				if (!NUMERIC.contains(type))
					problem = "not a numeric JDBC type";
				for (int r = 0; problem == null && r < values.size(); r++)
				{
					Object v = values.get(r);

					if (v == null)
						continue;
					if (!(v instanceof Number))
						problem = "row " + r + ": getObject gives " + v.getClass().getName();
					else if (!sameNumber(texts.get(r), doubles.get(r)))
						problem = "row " + r + ": getDouble " + doubles.get(r) + " but getString " + texts.get(r);
				}
				if (problem == null && nonNull == 0)
					problem = "every value NULL: nothing checked";
				break;
			case "number[]":
				if (type != Types.ARRAY || !md.getColumnTypeName(i).equals("_float8"))
					problem = "not an array of float8";
				for (Object v : values)
					if (problem == null && v != null && !(v instanceof Double[]))
						problem = "getArray gives " + v.getClass().getName();
				if (problem == null && nonNull == 0)
					problem = "every value NULL: nothing checked";
				break;
			case "interval":
				if (!md.getColumnTypeName(i).equals("interval"))
					problem = "not an interval";
				break;
			default:
				break;
		}
		report(family, md.getColumnLabel(i), md.getColumnTypeName(i), JDBCType.valueOf(type).getName(),
			   java, problem == null ? "ok (" + kind + ", " + nonNull + " of " + values.size() + " values)" : null,
			   problem);
	}

	/* getDouble agrees with the text form the server sent. */
	private static boolean sameNumber(String text, Double d)
	{
		if (text == null || d == null)
			return text == null && d == null;
		if (text.equals("NaN"))
			return d.isNaN();
		if (text.endsWith("Infinity"))
			return d.isInfinite() && (d > 0) == !text.startsWith("-");
		return new BigDecimal(text).doubleValue() == d;
	}

	private static void report(String family, String column, String pgType, String jdbcType,
							   String java, String ok, String problem)
	{
		checked++;
		if (problem != null)
			failed++;
		System.out.printf("%-21s %-33s %-15s %-9s %-33s %s%n", family, column, pgType, jdbcType,
						  java, problem == null ? ok : "MISMATCH: " + problem);
	}

	/* ---------- states: read as text, written back through parameters ---------- */

	private static void states() throws SQLException
	{
		String[][] daily = {{"nps_state", "survey"}, {"resolution", "duration_sketch"}, {"backlog", "timeline"}};
		String[][] tickets = {{"frt", "frt_state"}, {"replies", "reply_state"}};

		roundTrip("daily_states", "stored_daily", "day", daily);
		roundTrip("ticket_states", "stored_tickets", "ticket_id", tickets);
	}

	/*
	 * Read every state column of source as text (getString), write the rows
	 * into the empty copy target through parameters, and compare with =;
	 * once with setString under stringtype=unspecified, once with
	 * setObject(i, text, Types.OTHER) under the driver's defaults.
	 */
	private static void roundTrip(String source, String target, String key, String[][] columns)
		throws SQLException
	{
		StringBuilder select = new StringBuilder("SELECT " + key);
		StringBuilder check = new StringBuilder("SELECT " + key);
		List<String[]> rows = new ArrayList<>();
		ResultSetMetaData md;

		for (String[] c : columns)
		{
			select.append(", ").append(c[0]);
			check.append(", ").append(c[0]).append("::text");
		}
		select.append(" FROM ").append(source).append(" ORDER BY ").append(key);
		check.append(" FROM ").append(source).append(" ORDER BY ").append(key);

		try (Statement st = plain.createStatement(); ResultSet rs = st.executeQuery(select.toString()))
		{
			md = rs.getMetaData();
			while (rs.next())
			{
				String[] row = new String[columns.length + 1];

				for (int i = 0; i <= columns.length; i++)
					row[i] = rs.getString(i + 1);
				rows.add(row);
			}
		}
		/* getString is the server's text form */
		List<String[]> server = new ArrayList<>();
		try (Statement st = plain.createStatement(); ResultSet rs = st.executeQuery(check.toString()))
		{
			while (rs.next())
			{
				String[] row = new String[columns.length + 1];

				for (int i = 0; i <= columns.length; i++)
					row[i] = rs.getString(i + 1);
				server.add(row);
			}
		}
		for (int c = 1; c <= columns.length; c++)
		{
			String problem = null;

			if (!md.getColumnTypeName(c + 1).equals(columns[c - 1][1]))
				problem = "type " + md.getColumnTypeName(c + 1) + ", expected " + columns[c - 1][1];
			if (rows.size() != server.size() || rows.isEmpty())
				problem = rows.size() + " rows read, " + server.size() + " on the server";
			for (int r = 0; problem == null && r < rows.size(); r++)
				if (rows.get(r)[c] == null || !rows.get(r)[c].equals(server.get(r)[c]))
					problem = "row " + r + ": getString differs from the server's text form";
			report("state " + columns[c - 1][1], columns[c - 1][0] + " getString", md.getColumnTypeName(c + 1),
				   JDBCType.valueOf(md.getColumnType(c + 1)).getName(), "org.postgresql.util.PGobject",
				   "ok (text form, " + rows.size() + " values)", problem);
		}

		writeBack(source, target, key, columns, rows, unspecified, false);
		writeBack(source, target, key, columns, rows, plain, true);
		compareParameter(source, columns, rows);
	}

	private static void writeBack(String source, String target, String key, String[][] columns,
								  List<String[]> rows, Connection conn, boolean asOther) throws SQLException
	{
		StringBuilder insert = new StringBuilder("INSERT INTO " + target + " (" + key);
		StringBuilder marks = new StringBuilder("?");
		String how = asOther ? "setObject(Types.OTHER)" : "setString, stringtype=unspecified";

		for (String[] c : columns)
		{
			insert.append(", ").append(c[0]);
			marks.append(", ?");
		}
		insert.append(") VALUES (").append(marks).append(")");
		try (Statement st = plain.createStatement())
		{
			st.execute("TRUNCATE " + target);
		}
		try (PreparedStatement ps = conn.prepareStatement(insert.toString()))
		{
			for (String[] row : rows)
			{
				for (int i = 0; i < row.length; i++)
				{
					if (asOther)
						ps.setObject(i + 1, row[i], Types.OTHER);
					else
						ps.setString(i + 1, row[i]);
				}
				ps.addBatch();
			}
			ps.executeBatch();
		}
		for (String[] c : columns)
		{
			String sql = "SELECT count(*), count(*) FILTER (WHERE s." + c[0] + " = d." + c[0] + ")"
				+ " FROM " + source + " d JOIN " + target + " s USING (" + key + ")";

			try (Statement st = plain.createStatement(); ResultSet rs = st.executeQuery(sql))
			{
				rs.next();
				long joined = rs.getLong(1);
				long equal = rs.getLong(2);
				String problem = joined == rows.size() && equal == joined ? null
					: equal + " of " + joined + " written states equal (=) of " + rows.size();

				report("state " + c[1], c[0] + " written back", c[1], "OTHER", how,
					   "ok (" + equal + " of " + rows.size() + " read back equal, =)", problem);
			}
		}
	}

	/* A state parameter compares with the stored state in a WHERE clause. */
	private static void compareParameter(String source, String[][] columns, List<String[]> rows)
		throws SQLException
	{
		for (int c = 1; c <= columns.length; c++)
		{
			String sql = "SELECT count(*) FROM " + source + " WHERE " + columns[c - 1][0] + " = ?";
			String text = rows.get(rows.size() / 2)[c];
			long viaString;
			long viaOther;

			try (PreparedStatement ps = unspecified.prepareStatement(sql))
			{
				ps.setString(1, text);
				viaString = count(ps);
			}
			try (PreparedStatement ps = plain.prepareStatement(sql))
			{
				ps.setObject(1, text, Types.OTHER);
				viaOther = count(ps);
			}
			report("state " + columns[c - 1][1], columns[c - 1][0] + " = ?", columns[c - 1][1], "OTHER",
				   "setString and Types.OTHER", "ok (matches " + viaString + " row(s) both ways)",
				   viaString >= 1 && viaString == viaOther ? null
				   : "setString matched " + viaString + ", Types.OTHER " + viaOther);
			/* what happens without either: a varchar parameter (documented, not counted) */
			try (PreparedStatement ps = plain.prepareStatement(sql))
			{
				ps.setString(1, text);
				count(ps);
				System.out.printf("%-21s %-33s note: setString with the default stringtype works too%n",
								  "state " + columns[c - 1][1], columns[c - 1][0] + " = ?");
			}
			catch (SQLException e)
			{
				System.out.printf("%-21s %-33s note: setString with the default stringtype=varchar is refused (%s)%n",
								  "state " + columns[c - 1][1], columns[c - 1][0] + " = ?", e.getSQLState());
			}
		}
	}

	private static long count(PreparedStatement ps) throws SQLException
	{
		try (ResultSet rs = ps.executeQuery())
		{
			rs.next();
			return rs.getLong(1);
		}
	}

	/* ---------- calendars as parameters ---------- */

	/*
	 * Each call with {cal} standing for the calendar: once as a parameter
	 * (setString under stringtype=unspecified, then Types.OTHER), once
	 * written in the SQL text as a literal, the reference.  Timestamps go in
	 * as OffsetDateTime parameters, as BI tools send dates.
	 */
	private static void calendars() throws SQLException
	{
		OffsetDateTime start = OffsetDateTime.parse("2025-03-07T15:00:00Z");
		OffsetDateTime stop = OffsetDateTime.parse("2025-03-11T10:30:00Z");
		OffsetDateTime asOf = OffsetDateTime.parse("2025-06-01T00:00:00Z");
		String[][] calls = {
			{"business_seconds(?, ?, ?)", "span", "SELECT business_seconds(?, ?, {cal})"},
			{"business_time(?, ?, ?)", "span", "SELECT business_time(?, ?, {cal})"},
			{"sla_rate(.., ?, ?)", "as_of", "SELECT sla_rate(created_at, first_reply_at, '8 hours', {cal}, ?) FROM tickets"},
			/* four arguments: an untyped parameter is read as a calendar, not as_of */
			{"sla_rate(.., ?)", "", "SELECT sla_rate(created_at, first_reply_at, '8 hours', {cal}) FROM tickets"},
			{"first_response_seconds(.., ?)", "", "SELECT ticket_id, first_response_seconds(sent_at, from_agent, {cal})"
			 + " FROM messages GROUP BY 1 ORDER BY 1"},
			{"time_in_status_seconds(.., ?, ?)", "as_of", "SELECT ticket_id,"
			 + " time_in_status_seconds(changed_at, status, '{new,open}', {cal}, ?)"
			 + " FROM status_changes GROUP BY 1 ORDER BY 1"},
		};

		for (int way = 0; way < 2; way++)
		{
			boolean asOther = way == 1;

			for (String[] call : calls)
			{
				String sql = call[2];
				OffsetDateTime[] times = call[1].equals("span") ? new OffsetDateTime[] {start, stop}
					: call[1].equals("as_of") ? new OffsetDateTime[] {asOf} : new OffsetDateTime[0];
				String reference = calendarCall(plain, sql.replace("{cal}", "'" + CAL + "'"), times, null, false, null, null);

				calendarCall(asOther ? plain : unspecified, sql.replace("{cal}", "?"), times, CAL, asOther,
							 call[0], reference);
			}
		}
		storedCalendars();
	}

	/*
	 * Run sql with the times as parameters, around the calendar when cal is
	 * given (two times, start and stop, before it; one, as_of, after it);
	 * its last column, every row, as text.  With what, report it
	 * against the reference.
	 */
	private static String calendarCall(Connection conn, String sql, OffsetDateTime[] times, String cal,
									   boolean asOther, String what, String reference) throws SQLException
	{
		try (PreparedStatement ps = conn.prepareStatement(sql))
		{
			int p = 1;
			boolean span = times.length == 2;
			StringBuilder got = new StringBuilder();

			if (span)
			{
				ps.setObject(p++, times[0]);
				ps.setObject(p++, times[1]);
			}
			if (cal != null && asOther)
				ps.setObject(p++, cal, Types.OTHER);
			else if (cal != null)
				ps.setString(p++, cal);
			if (times.length == 1)
				ps.setObject(p++, times[0]);
			try (ResultSet rs = ps.executeQuery())
			{
				ResultSetMetaData md = rs.getMetaData();
				int n = md.getColumnCount();
				int rows = 0;

				while (rs.next())
				{
					got.append(rs.getString(n)).append(',');
					rows++;
				}
				if (what != null)
					report("calendar parameter", what, md.getColumnTypeName(n), JDBCType.valueOf(md.getColumnType(n)).getName(),
						   asOther ? "calendar as Types.OTHER" : "calendar via setString",
						   "ok (" + rows + " values equal the literal calendar's)",
						   got.toString().equals(reference) ? null : "differs from the call with the calendar in the SQL text");
			}
			return got.toString();
		}
	}

	/* Calendars stored through parameters read back equal (=) to what went in. */
	private static void storedCalendars() throws SQLException
	{
		String[] inputs = {CAL, "mon-fri 08:00-12:00, 13:00-17:00; tz America/New_York; closed 2025-07-04",
						   "  SAT  10:00-14:00 ;tz utc"};

		try (Statement st = plain.createStatement())
		{
			st.execute("TRUNCATE stored_calendars");
		}
		try (PreparedStatement a = unspecified.prepareStatement("INSERT INTO stored_calendars VALUES (?, ?)");
			 PreparedStatement b = plain.prepareStatement("INSERT INTO stored_calendars VALUES (?, ?)"))
		{
			for (int i = 0; i < inputs.length; i++)
			{
				a.setInt(1, i);
				a.setString(2, inputs[i]);
				a.executeUpdate();
				b.setInt(1, i);
				b.setObject(2, inputs[i], Types.OTHER);
				b.executeUpdate();
			}
		}
		try (Statement st = plain.createStatement();
			 ResultSet rs = st.executeQuery("SELECT id, cal FROM stored_calendars ORDER BY id"))
		{
			ResultSetMetaData md = rs.getMetaData();
			int rows = 0;
			int equal = 0;

			while (rs.next())
			{
				int id = rs.getInt(1);
				String text = rs.getString(2);

				rows++;
				/* the text read back, and the original input, both equal the stored calendar */
				try (PreparedStatement ps = unspecified.prepareStatement(
						 "SELECT count(*) FROM stored_calendars WHERE id = ? AND cal = ? AND cal = ?"))
				{
					ps.setInt(1, id);
					ps.setString(2, text);
					ps.setString(3, inputs[id]);
					if (count(ps) == 2)
						equal++;
				}
			}
			report("state calendar", "cal written back", md.getColumnTypeName(2),
				   JDBCType.valueOf(md.getColumnType(2)).getName(), "both ways",
				   "ok (" + equal + " of " + rows + " read back equal, =)",
				   rows == 2 * inputs.length && equal == rows ? null : equal + " of " + rows + " equal");
		}
	}
}
