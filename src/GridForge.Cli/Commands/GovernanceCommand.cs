using System.CommandLine;
using System.Globalization;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge governance propose|vote|cosign|show|params</c>: proposals, votes and the DSO's co-signature as signed
/// transactions; proposals with live tallies and every parameter with its bounds from the node.</summary>
internal static class GovernanceCommand
{
    private static readonly Option<string> NodeUrl = TxCommand.NodeUrl;

    private static readonly Option<bool> AsJson = new("--json") { Description = "Print the node's JSON instead of text" };

    public static Command Create()
    {
        var governance = new Command("governance", "Proposals (parameter changes, issuers, grid changes, text), votes by bonded GRID, live tallies, " +
            "parameters");
        governance.Subcommands.Add(Propose());
        var id = new Argument<ulong>("ID") { Description = "The proposal id" };
        var choice = new Argument<string>("CHOICE") { Description = "yes, no or abstain" };
        governance.Subcommands.Add(StakingCommand.Tx("vote",
            "Vote on a proposal (or change your vote) while voting is open; it weighs your active bond at the tally", [id, choice],
            p => new VoteMessage(p.GetValue(id), ParseChoice(p.GetValue(choice)))));
        var cosignId = new Argument<ulong>("ID") { Description = "The grid-change proposal id" };
        governance.Subcommands.Add(StakingCommand.Tx("cosign", "Co-sign a grid-change proposal as the DSO (it cannot be enacted without)", [cosignId],
            p => new CosignMessage(p.GetValue(cosignId))));
        governance.Subcommands.Add(Show());
        governance.Subcommands.Add(Params());
        return governance;
    }

    private static VoteChoice ParseChoice(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "yes" => VoteChoice.Yes,
        "no" => VoteChoice.No,
        "abstain" => VoteChoice.Abstain,
        _ => throw new CliException("CHOICE must be yes, no or abstain"),
    };

    private static Command Propose()
    {
        var param = new Option<string?>("--param") { Description = "A parameter change: MODULE.NAME=VALUE (see `governance params`)" };
        var addIssuer = new Option<string?>("--add-issuer") { Description = "Approve a WATT issuer (it must hold the issuer access bond when enacted)" };
        var attestor = new Option<string?>("--attestor") { Description =
            "With --add-issuer: the key that signs its reserve attestations (default: the issuer)" };
        var removeIssuer = new Option<string?>("--remove-issuer") { Description = "Stop a WATT issuer from minting" };
        var gridFees = new Option<string?>("--grid-fees") { Description = "A grid change (the DSO co-signs): LOCAL_FEE:CONGESTION_PERMILLE" };
        var gridZone = new Option<string?>("--grid-add-zone") { Description = "A grid change (the DSO co-signs): add a zone" };
        var council = new Option<string?>("--council") { Description =
            "Set the dispute council: MEMBER,MEMBER,…:THRESHOLD (accounts, dev names or key files), or none (the DSO arbitrates)" };
        var text = new Option<bool>("--text") { Description = "A text signal (the description is its content)" };
        var description = new Option<string>("--description") { Description = "What the proposal is for", DefaultValueFactory = _ => string.Empty };
        return StakingCommand.Tx("propose", "Make a proposal, reserving the governance deposit",
            [param, addIssuer, attestor, removeIssuer, gridFees, gridZone, council, text, description], p =>
        {
            var actions = new List<ProposalAction>();
            if (p.GetValue(param) is { } change) actions.Add(ParseParam(change));
            if (p.GetValue(addIssuer) is { } issuer)
            {
                var address = KeyStore.ResolveAddress(issuer);
                actions.Add(ProposalAction.AddIssuer(address, p.GetValue(attestor) is { } a ? KeyStore.ResolveAddress(a) : address));
            }

            if (p.GetValue(removeIssuer) is { } removed) actions.Add(ProposalAction.RemoveIssuer(KeyStore.ResolveAddress(removed)));
            if (p.GetValue(gridFees) is { } fees) actions.Add(ParseFees(fees));
            if (p.GetValue(gridZone) is { } zone) actions.Add(ProposalAction.Grid(new AddZoneMessage(new ZoneId(zone))));
            if (p.GetValue(council) is { } members) actions.Add(ParseCouncil(members));
            if (p.GetValue(text)) actions.Add(ProposalAction.Text());
            if (actions.Count != 1) throw new CliException(
                "give exactly one of --param, --add-issuer, --remove-issuer, --grid-fees, --grid-add-zone, --council or --text");
            return new ProposeMessage(actions[0], p.GetValue(description)!);
        });
    }

    private static ProposalAction ParseParam(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (eq < 0 || dot < 1 || dot > eq - 2 || !long.TryParse(text[(eq + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new CliException("--param must be MODULE.NAME=VALUE with an integer value, e.g. tokens.min_fee=200");
        }

        return ProposalAction.SetParameter(text[..dot], text[(dot + 1)..eq], value);
    }

    private static ProposalAction ParseCouncil(string text)
    {
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return ProposalAction.SetCouncil([], 0);
        var colon = text.LastIndexOf(':');
        return colon > 0 && uint.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var threshold)
            ? ProposalAction.SetCouncil([.. text[..colon].Split(',').Select(m => KeyStore.ResolveAddress(m.Trim()))], threshold)
            : throw new CliException("--council must be MEMBER,MEMBER,…:THRESHOLD or none");
    }

    private static ProposalAction ParseFees(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var local)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var congestion)
            ? ProposalAction.Grid(new SetFeesMessage(new PricePerKwh(local), congestion))
            : throw new CliException("--grid-fees must be LOCAL_FEE:CONGESTION_PERMILLE, two non-negative integers");
    }

    private static Command Show()
    {
        var id = new Argument<ulong?>("ID") { Description = "One proposal (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var status = new Option<string?>("--status") { Description =
            "Only proposals in this state: voting, passed, rejected, no_quorum, enacted, enactment_failed" };
        var command = new Command("show", "Proposals with their live (while voting) or final tallies") { id, status, NodeUrl, AsJson };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var url = parse.GetValue(NodeUrl)!;
            List<GovernanceEndpoints.ProposalResponse> list;
            string raw;
            if (parse.GetValue(id) is { } one)
            {
                var (p, r) = await StakingCommand.Get<GovernanceEndpoints.ProposalResponse>(url, $"api/v1/governance/proposals/{one}", ct)
                    .ConfigureAwait(false);
                (list, raw) = ([p], r);
            }
            else
            {
                var filter = parse.GetValue(status) is { } s ? $"?status={Uri.EscapeDataString(s)}" : string.Empty;
                (list, raw) = await StakingCommand.Get<List<GovernanceEndpoints.ProposalResponse>>(url, $"api/v1/governance/proposals{filter}", ct)
                    .ConfigureAwait(false);
            }

            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(raw);
                return 0;
            }

            if (list.Count == 0) Console.WriteLine("no proposals");
            foreach (var p in list)
            {
                var t = p.Tally;
                Console.WriteLine($"#{p.Id} {p.Status}: {p.Action} — {p.Description}");
                Console.WriteLine($"  by {p.Proposer}, deposit {StakingCommand.Grid(p.Deposit)} GRID; voting until height {p.VotingEnd}, enactment at height " +
                    $"{p.EnactmentHeight}");
                Console.WriteLine($"  {(t.Live ? "live tally" : "tally")}: yes {StakingCommand.Grid(t.Yes)}, no {StakingCommand.Grid(t.No)}, abstain " +
                    $"{StakingCommand.Grid(t.Abstain)} of {StakingCommand.Grid(t.TotalActive)} GRID active; quorum {(t.QuorumReached ? "reached" : "not " +
                    "reached")}, threshold {(t.ThresholdReached ? "reached" : "not reached")}");
                if (p.CosignedBy is { } dso) Console.WriteLine($"  co-signed by the DSO {dso}");
                if (p.Outcome is { } outcome) Console.WriteLine($"  enactment refused: {outcome}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Params()
    {
        var module = new Option<string?>("--module") { Description = "Only this module's parameters" };
        var command = new Command("params", "Every module's parameters: value, default and bounds (what --param may name)") { module, NodeUrl, AsJson };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var (list, raw) = await StakingCommand.Get<List<GovernanceEndpoints.ParamResponse>>(parse.GetValue(NodeUrl)!, "api/v1/governance/params", ct)
                .ConfigureAwait(false);
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(raw);
                return 0;
            }

            foreach (var p in list.Where(p => parse.GetValue(module) is not { } m || p.Module == m))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Module}.{p.Name} = {p.Value} (default {p.Default}, {p.Min}..{p.Max}): {p.Description}"));
            }

            return 0;
        }));
        return command;
    }
}
