using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Disputes;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>The change a proposal makes when enacted: its kind and the fields of that kind, in one canonical encoding
/// (u8 kind, then the fields; see <see cref="Decode"/>).</summary>
/// <param name="Kind">What is changed.</param>
/// <param name="Module">Parameter change: the module's name.</param>
/// <param name="Parameter">Parameter change: the parameter's name.</param>
/// <param name="Value">Parameter change: the new value.</param>
/// <param name="Account">Add or remove issuer: the issuer.</param>
/// <param name="Attestor">Add issuer: the key that signs its reserve attestations.</param>
/// <param name="GridMessageType">Grid change: the grid module's message type.</param>
/// <param name="GridPayload">Grid change: that message's canonical payload.</param>
/// <param name="Council">Set council: the dispute council (no members: the DSO arbitrates).</param>
public sealed record ProposalAction(
    ProposalKind Kind,
    string Module = "",
    string Parameter = "",
    long Value = 0,
    Address Account = default,
    Address Attestor = default,
    ushort GridMessageType = 0,
    byte[]? GridPayload = null,
    DisputeCouncil? Council = null)
{
    public const int MaxNameBytes = 64;
    public const int MaxGridPayloadBytes = 4_096;

    public static ProposalAction SetParameter(string module, string parameter, long value) => new(ProposalKind.ParameterChange, module, parameter, value);

    public static ProposalAction AddIssuer(Address issuer, Address attestor) => new(ProposalKind.AddIssuer, Account: issuer, Attestor: attestor);

    public static ProposalAction RemoveIssuer(Address issuer) => new(ProposalKind.RemoveIssuer, Account: issuer);

    public static ProposalAction Grid(Transactions.IMessage message)
    {
        var w = new CanonicalWriter();
        message.Encode(w);
        return new ProposalAction(ProposalKind.GridChange, GridMessageType: message.Type, GridPayload: w.ToArray());
    }

    public static ProposalAction Text() => new(ProposalKind.Text);

    public static ProposalAction SetCouncil(IReadOnlyList<Address> members, uint threshold) =>
        new(ProposalKind.SetCouncil, Council: new DisputeCouncil(members, threshold));

    public void Encode(CanonicalWriter w)
    {
        w.U8((byte)Kind);
        switch (Kind)
        {
            case ProposalKind.ParameterChange: w.String(Module).String(Parameter).I64(Value); break;
            case ProposalKind.AddIssuer: w.Address(Account).Address(Attestor); break;
            case ProposalKind.RemoveIssuer: w.Address(Account); break;
            case ProposalKind.GridChange: w.U16(GridMessageType).Bytes(GridPayload ?? []); break;
            case ProposalKind.SetCouncil: (Council ?? new DisputeCouncil([], 0)).Encode(w); break;
            default: break;
        }
    }

    public static ProposalAction Decode(ref CanonicalReader r)
    {
        var kind = (ProposalKind)r.U8("proposal kind");
        switch (kind)
        {
            case ProposalKind.ParameterChange:
                return SetParameter(r.String(MaxNameBytes, "module"), r.String(MaxNameBytes, "parameter"), r.I64("value"));
            case ProposalKind.AddIssuer:
                return AddIssuer(r.Address("issuer"), r.Address("attestor"));
            case ProposalKind.RemoveIssuer:
                return RemoveIssuer(r.Address("issuer"));
            case ProposalKind.GridChange:
                return new ProposalAction(kind, GridMessageType: r.U16("grid message type"), GridPayload: r.Bytes(MaxGridPayloadBytes, "grid payload")
                    .ToArray());
            case ProposalKind.Text:
                return Text();
            case ProposalKind.SetCouncil:
                return new ProposalAction(kind, Council: DisputeCouncil.Decode(ref r));
            default:
                r.Fail($"unknown proposal kind {(byte)kind}");
                return Text();
        }
    }

    /// <summary>One line for people: "tokens.min_fee = 200", "add issuer grid1…", ….</summary>
    public string Describe() => Kind switch
    {
        ProposalKind.ParameterChange => $"{Module}.{Parameter} = {Value}",
        ProposalKind.AddIssuer => $"add issuer {Account} (attestor {Attestor})",
        ProposalKind.RemoveIssuer => $"remove issuer {Account}",
        ProposalKind.GridChange => $"grid message {GridMessageType} ({GridPayload?.Length ?? 0} bytes)",
        ProposalKind.SetCouncil => Council?.Describe() ?? "no council",
        _ => "text signal",
    };
}
