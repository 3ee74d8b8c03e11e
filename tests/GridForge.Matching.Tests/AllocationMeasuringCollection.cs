namespace GridForge.Matching.Tests;

/// <summary>Tests that count bytes allocated on their thread run alone, so other tests' runtime work does not blur the count.</summary>
[CollectionDefinition(nameof(AllocationMeasuringCollection), DisableParallelization = true)]
public sealed class AllocationMeasuringCollection;
