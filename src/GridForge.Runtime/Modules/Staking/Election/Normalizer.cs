namespace GridForge.Runtime.Modules.Staking.Election;

/// <summary>Substrate's <c>sp_arithmetic::normalize</c>, ported step for step: nudges integer parts so they sum to a
/// target exactly. The difference is spread evenly, the rest one unit at a time, raising the smallest parts first
/// (or lowering the largest), with ties in the original order (Rust's sort is stable; here the index breaks ties).</summary>
internal static class Normalizer
{
    public static UInt128[] Normalize(IReadOnlyList<UInt128> input, UInt128 target)
    {
        var count = input.Count;
        UInt128 sum = 0;
        foreach (var value in input) sum = checked(sum + value);
        if (count == 0) return [];
        if (sum == target) return [.. input];

        var needsBump = target > sum;
        var diff = needsBump ? target - sum : sum - target;
        var countT = (UInt128)count;
        var perRound = diff / countT;
        var leftover = diff % countT;
        var output = input.Select((value, index) => (Index: index, Value: value)).ToArray();
        Array.Sort(output, (a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.Index.CompareTo(b.Index));

        if (needsBump)
        {
            var minIndex = 0;
            var threshold = target / countT;
            if (perRound != 0)
            {
                for (var i = 0; i < count; i++)
                {
                    output[minIndex].Value = checked(output[minIndex].Value + perRound);
                    if (output[minIndex].Value >= threshold) minIndex = (minIndex + 1) % count;
                }
            }

            while (leftover != 0)
            {
                output[minIndex].Value = checked(output[minIndex].Value + 1);
                if (output[minIndex].Value >= threshold) minIndex = (minIndex + 1) % count;
                leftover--;
            }
        }
        else
        {
            var maxIndex = count - 1;
            var threshold = output[0].Value;
            if (perRound != 0)
            {
                for (var i = 0; i < count; i++)
                {
                    if (output[maxIndex].Value >= perRound)
                    {
                        output[maxIndex].Value -= perRound;
                    }
                    else
                    {
                        leftover = checked(leftover + (perRound - output[maxIndex].Value));
                        output[maxIndex].Value = 0;
                    }

                    if (output[maxIndex].Value <= threshold) maxIndex = maxIndex == 0 ? count - 1 : maxIndex - 1;
                }
            }

            while (leftover != 0)
            {
                if (output[maxIndex].Value >= 1)
                {
                    output[maxIndex].Value--;
                    if (output[maxIndex].Value <= threshold) maxIndex = maxIndex == 0 ? count - 1 : maxIndex - 1;
                    leftover--;
                }
                else
                {
                    maxIndex = maxIndex == 0 ? count - 1 : maxIndex - 1;
                }
            }
        }

        var result = new UInt128[count];
        foreach (var (index, value) in output) result[index] = value;
        return result;
    }
}
