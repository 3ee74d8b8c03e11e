using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GridForge.Node.Observability;

/// <summary>How the node writes its log: JSON lines, readable text, or whichever suits where stdout goes.</summary>
public enum LogFormat
{
    /// <summary>Text on a terminal, JSON lines otherwise (journald, a pipe, a file, a container's log).</summary>
    Auto,
    Json,
    Text,
}

/// <summary>The node's console logging: Microsoft.Extensions.Logging's own console formatters, JSON (one object per line
/// with timestamp, level, event id, category, message, its fields and scopes — an API request's scope carries its request
/// id) or single-line text. Framework chatter stays at warning level.</summary>
public static partial class NodeLogging
{
    public static LogFormat Resolve(LogFormat format) =>
        format != LogFormat.Auto ? format : Console.IsOutputRedirected ? LogFormat.Json : LogFormat.Text;

    public static void Configure(ILoggingBuilder logging, LogFormat format, LogLevel level)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", (LogLevel l) => l >= LogLevel.Warning && l >= level);
        logging.AddFilter("System", (LogLevel l) => l >= LogLevel.Warning && l >= level);
        if (Resolve(format) == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                // UTF-8 as it is: messages name zones and people's words, not HTML.
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
    }

    /// <summary>A writer that turns each line written to it into an information event (for parts of the node that print
    /// lines, such as the dev community, when the log is JSON).</summary>
    public static TextWriter LineWriter(ILogger logger) => new LogLineWriter(logger);

    private sealed partial class LogLineWriter(ILogger logger) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    Flush(_line);
                    return;
                }

                if (value != '\r') _line.Append(value);
            }
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            foreach (var c in value) Write(c);
        }

        public override void WriteLine(string? value)
        {
            lock (_line)
            {
                _line.Append(value);
                Flush(_line);
            }
        }

        private void Flush(StringBuilder line)
        {
            if (line.Length > 0) Notice(logger, line.ToString());
            line.Clear();
        }

        [LoggerMessage(EventId = LogEvents.NodeNotice, Level = LogLevel.Information, Message = "{Line}")]
        private static partial void Notice(ILogger logger, string line);
    }
}
