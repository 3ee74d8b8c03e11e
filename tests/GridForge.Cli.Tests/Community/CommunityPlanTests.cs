using GridForge.Cli.Community;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Cli.Tests.Community;

public sealed class CommunityPlanTests
{
    [Fact]
    public void DefaultCommunity_Has15Solar7Wind14Consumers_OverThreeZones()
    {
        var members = CommunityPlan.Members(36);
        Assert.Equal(15, members.Count(m => m.Kind == MemberKind.Solar));
        Assert.Equal(7, members.Count(m => m.Kind == MemberKind.Wind));
        Assert.Equal(14, members.Count(m => m.Kind == MemberKind.Consumer));
        Assert.Equal(["Z1", "Z2", "Z3"], members.Select(m => m.Zone.Name).Distinct().Order());
        // Every kind in every zone.
        Assert.Equal(9, members.Select(m => (m.Kind, m.Zone)).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 36).Select(n => $"member-{n:D2}"), members.Select(m => m.Name));
        Assert.All(members.Where(m => m.Kind != MemberKind.Consumer), m => Assert.InRange(m.GeneratorW, 3_000, 10_000));
        Assert.All(members, m => Assert.InRange(m.AnnualLoadKwh, 2_000, 5_000));
    }

    [Fact]
    public void Meters_AreBothForProsumers_ConsumptionForConsumers()
    {
        foreach (var m in CommunityPlan.Members(10))
        {
            Assert.Equal(m.Kind == MemberKind.Consumer ? MeterKind.Consumption : MeterKind.Both, m.MeterKind);
            Assert.Equal(m.Kind switch { MemberKind.Solar => MeterTechnology.Solar, MemberKind.Wind => MeterTechnology.Wind, _ => MeterTechnology.Grid },
                m.Technology);
        }
    }

    [Fact]
    public void SmallCommunities_UseAsManyZonesAsMembers()
    {
        Assert.Empty(CommunityPlan.Members(0));
        Assert.Equal(["Z1"], CommunityPlan.Members(1).Select(m => m.Zone.Name));
        Assert.Equal(["Z1", "Z2"], CommunityPlan.Members(2).Select(m => m.Zone.Name));
    }

    [Fact]
    public void Keys_AreDerivedFromTheNames_AsDocumented()
    {
        // docs/community.md lists this address; a change to the derivation must change the docs too.
        using var key = CommunityKeys.Account("member-01");
        Assert.Equal(MemberOneAddress, key.Address.ToString());
        using var meter = CommunityKeys.Meter("member-01");
        Assert.NotEqual(key.PublicKey, meter.Id.ToBytes());
        Assert.True(CommunityKeys.IsMemberName("member-07"));
        Assert.True(CommunityKeys.IsMemberName("member-123"));
        Assert.False(CommunityKeys.IsMemberName("member-7"));
        Assert.False(CommunityKeys.IsMemberName("member-00"));
        Assert.False(CommunityKeys.IsMemberName("member-1000"));
        Assert.Equal(key.Address, KeyStore.ResolveAddress("member-01"));
    }

    private const string MemberOneAddress = "grid19d7dr8n50m4xc6cgj6j7rax8zdw8evsep386kgldfuhzepxdt9ds6rlsq2";
}
