using System.Globalization;
using System.Text;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>Ascending indexes written as ranges (<c>0-12,14,16-399</c>): how a batch event names its accepted readings.</summary>
internal sealed class IndexRanges
{
    private readonly List<(int First, int Last)> _ranges = [];

    public int Count { get; private set; }

    /// <summary>Adds an index greater than every index added before.</summary>
    public void Add(int index)
    {
        if (_ranges.Count > 0 && _ranges[^1].Last == index - 1) _ranges[^1] = (_ranges[^1].First, index);
        else _ranges.Add((index, index));
        Count++;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (first, last) in _ranges)
        {
            if (text.Length > 0) text.Append(',');
            text.Append(first.ToString(CultureInfo.InvariantCulture));
            if (last != first) text.Append('-').Append(last.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The indexes a range text names, in order; null when the text is not ranges.</summary>
    public static IReadOnlyList<int>? Parse(string? text)
    {
        var list = new List<int>();
        if (string.IsNullOrEmpty(text)) return list;
        foreach (var part in text.Split(','))
        {
            var bounds = part.Split('-');
            if (bounds.Length > 2 || !int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)) return null;
            var last = first;
            if (bounds.Length == 2 && (!int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out last) || last < first)) return null;
            for (var i = first; i <= last; i++) list.Add(i);
        }

        return list;
    }
}
