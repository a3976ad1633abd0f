using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Support.Core.Queues;
using Xunit;

namespace Support.Tests.Infra;

/// <summary>
/// Invariants of the Bicep in <c>infra/</c>, read from what <c>infra/check</c> compiles. These are the
/// promises the deployment makes to the code (queues, settings, roles) and to security (no secrets in
/// settings, TLS, no shared keys, least privilege).
/// </summary>
public sealed partial class InfraTemplateTests
{
    private const string AppIdentityType = "Microsoft.ManagedIdentity/userAssignedIdentities";

    private static class RoleIds
    {
        public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
        public const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
        public const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
        public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
        public const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
        public const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
        public const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
        public const string RoleBasedAccessControlAdministrator = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
    }

    /// <summary>The settings the Functions app reads; infra/README.md and the app code use exactly these names.</summary>
    private static readonly string[] ExpectedSettings =
    [
        "AZURE_CLIENT_ID",
        "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
        "ServiceBusConnection__fullyQualifiedNamespace", "ServiceBusConnection__credential", "ServiceBusConnection__clientId",
        "Storage__tableServiceUri", "Storage__blobServiceUri", "Storage__credential", "Storage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Twilio__AuthToken", "SendGrid__ApiKey",
        "PublicBaseUrl",
        "Mail__FromAddress", "Mail__FromName", "Mail__ReplyDomain", "Mail__MessageIdDomain",
        "Timers__SlaSweepSchedule", "Timers__PendingAutoCloseSchedule", "Timers__WelcomeMailSchedule",
        "Timers__RotationHandoffSchedule", "Timers__DailyDigestSchedule", "Timers__VoicemailSweepSchedule",
        "TriageRetrainSchedule",
        "Welcome__BookingUrl", "WebForm__TrustForwardedFor",
    ];

    // ---- Service Bus ----

    [Fact]
    public void Every_queue_in_queues_json_is_a_Service_Bus_queue_and_there_are_no_others()
    {
        var declared = QueuesJson()["queues"]!.AsArray().Select(q => (string)q!).ToList();
        var deployed = QueueResources().Select(q => QueueName(q)).ToList();

        Assert.Equal(declared.Order(StringComparer.Ordinal), deployed.Order(StringComparer.Ordinal));
        Assert.Equal(QueueNames.All.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.Equal(deployed.Count, deployed.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_queue_dead_letters_expired_messages_and_gives_up_after_five_deliveries()
    {
        Assert.All(QueueResources(), q =>
        {
            var p = q["properties"]!;
            Assert.True((bool)p["deadLetteringOnMessageExpiration"]!, QueueName(q));
            Assert.Equal(5, (int)p["maxDeliveryCount"]!);
            Assert.Matches("^PT[0-9]+[MS]$", (string)p["lockDuration"]!);
            Assert.False((bool)p["requiresSession"]!, QueueName(q));
        });
    }

    [Fact]
    public void Duplicate_detection_is_on_the_intake_queue_and_exactly_the_queues_listed()
    {
        var listed = QueuesJson()["duplicateDetection"]!.AsArray().Select(q => (string)q!).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(QueueNames.Inquiries, listed);

        Assert.All(QueueResources(), q =>
        {
            var p = q["properties"]!;
            var expected = listed.Contains(QueueName(q));
            Assert.Equal(expected, (bool)p["requiresDuplicateDetection"]!);
            if (expected)
            {
                Assert.StartsWith("PT", (string)p["duplicateDetectionHistoryTimeWindow"]!, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Service_Bus_is_Standard_with_local_auth_off()
    {
        var ns = InfraArtifacts.Single("Microsoft.ServiceBus/namespaces");
        Assert.Equal("Standard", (string)ns["sku"]!["name"]!);
        Assert.True((bool)ns["properties"]!["disableLocalAuth"]!);
        Assert.Equal("1.2", (string)ns["properties"]!["minimumTlsVersion"]!);
    }

    // ---- Function app ----

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_Flex_Consumption_Linux_as_the_user_assigned_identity()
    {
        var site = Site();
        var identityId = AppIdentityId();
        Assert.Contains("linux", (string)site["kind"]!, StringComparison.Ordinal);
        Assert.Equal("UserAssigned", (string)site["identity"]!["type"]!);
        Assert.Equal(identityId, Assert.Single(site["identity"]!["userAssignedIdentities"]!.AsObject()).Key);

        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string)config["runtime"]!["name"]!);
        Assert.Equal("10.0", (string)config["runtime"]!["version"]!);

        var storage = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string)storage["type"]!);
        Assert.Equal("UserAssignedIdentity", (string)storage["authentication"]!["type"]!);
        Assert.Equal(identityId, (string)storage["authentication"]!["userAssignedIdentityResourceId"]!);

        var plan = InfraArtifacts.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string)plan["sku"]!["name"]!);
        Assert.Equal("FlexConsumption", (string)plan["sku"]!["tier"]!);
        Assert.True((bool)plan["properties"]!["reserved"]!);
        Assert.Equal((string)plan["id"]!, (string)site["properties"]!["serverFarmId"]!);
    }

    [Fact]
    public void Function_app_is_https_only_with_TLS_1_2_and_no_FTP_or_basic_publishing_credentials()
    {
        var site = Site();
        Assert.True((bool)site["properties"]!["httpsOnly"]!);
        var siteConfig = site["properties"]!["siteConfig"]!;
        Assert.Equal("1.2", (string)siteConfig["minTlsVersion"]!);
        Assert.Equal("Disabled", (string)siteConfig["ftpsState"]!);

        var policies = InfraArtifacts.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .ToDictionary(p => ((string)p["name"]!).Split('/')[^1], p => (bool)p["properties"]!["allow"]!, StringComparer.Ordinal);
        Assert.False(policies.GetValueOrDefault("ftp", true));
        Assert.False(policies.GetValueOrDefault("scm", true));
    }

    [Fact]
    public void Every_timer_schedule_the_functions_app_names_is_an_app_setting()
    {
        // A %setting% the host cannot resolve keeps that function from starting at all.
        var app = Path.Combine(InfraArtifacts.RepoRoot, "functions", "Support.Functions");
        var named = Directory.GetFiles(app, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"TimerTrigger\(""%(?<setting>\w+)%""").Select(m => m.Groups["setting"].Value))
            .ToList();

        Assert.NotEmpty(named);
        Assert.All(named, setting => Assert.Contains(setting, AppSettings().Keys));
    }

    [Fact]
    public void App_settings_are_the_documented_ones_with_identity_based_connections()
    {
        var settings = AppSettings();
        Assert.Equal(ExpectedSettings.Order(StringComparer.Ordinal), settings.Keys.Order(StringComparer.Ordinal));

        foreach (var connection in new[] { "AzureWebJobsStorage", "ServiceBusConnection", "Storage" })
        {
            Assert.Equal("managedidentity", settings[connection + "__credential"]);
            Assert.Equal(settings["AZURE_CLIENT_ID"], settings[connection + "__clientId"]);
        }

        var clientId = settings["AZURE_CLIENT_ID"];
        Assert.Contains(AppIdentityId(), clientId, StringComparison.Ordinal);
        Assert.EndsWith(".clientId]", clientId, StringComparison.Ordinal);
        Assert.Equal($"[format('Authorization=AAD;ClientId={{0}}', {clientId[1..^1]})]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);

        Assert.Equal("0 * * * * *", settings["Timers__SlaSweepSchedule"]);
        Assert.Equal("0 */15 * * * *", settings["Timers__PendingAutoCloseSchedule"]);
        Assert.Equal("0 */15 * * * *", settings["Timers__WelcomeMailSchedule"]);
        Assert.Equal("0 */5 * * * *", settings["Timers__RotationHandoffSchedule"]);
        Assert.Equal("0 0 7 * * *", settings["Timers__DailyDigestSchedule"]);

        Assert.Equal((string)InfraArtifacts.Outputs["PUBLIC_BASE_URL"]!, settings["PublicBaseUrl"]);
        Assert.Matches("^https://[a-z0-9-]+\\.azurewebsites\\.net$", settings["PublicBaseUrl"]);
    }

    [Fact]
    public void No_secret_key_or_connection_string_is_in_a_plain_app_setting()
    {
        string[] forbidden = ["AccountKey=", "SharedAccessKey", "SharedAccessSignature", "listKeys(", "listkeys(", "list(", "listSecrets(", "Password=", "sig="];
        foreach (var (name, value) in AppSettings())
        {
            foreach (var marker in forbidden)
            {
                Assert.False(value.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{name} contains {marker}");
            }

            if (SecretLikeName().IsMatch(name))
            {
                var reference = KeyVaultReference().Match(value);
                Assert.True(reference.Success, $"{name} is not a Key Vault reference: {value}");
                Assert.Equal(ResourceId("Microsoft.KeyVault/vaults"), reference.Groups["vault"].Value);
            }
        }

        Assert.Equal(AppIdentityId(), (string)Site()["properties"]!["keyVaultReferenceIdentity"]!);

        // Nowhere in the compiled template: no key listing, no SAS or account-key strings.
        foreach (var marker in new[] { "listKeys(", "listkeys(", "listSecrets(", "AccountKey=", "SharedAccessKey" })
        {
            Assert.DoesNotContain(marker, InfraArtifacts.TemplateText, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Secrets_are_Key_Vault_references_to_the_documented_secret_names()
    {
        var settings = AppSettings();
        Assert.Equal("Twilio--AuthToken", KeyVaultReference().Match(settings["Twilio__AuthToken"]).Groups["secret"].Value);
        Assert.Equal("SendGrid--ApiKey", KeyVaultReference().Match(settings["SendGrid__ApiKey"]).Groups["secret"].Value);
        Assert.Equal("Twilio--AuthToken", (string)InfraArtifacts.Outputs["KEY_VAULT_TWILIO_AUTH_TOKEN_NAME"]!);
        Assert.Equal("SendGrid--ApiKey", (string)InfraArtifacts.Outputs["KEY_VAULT_SENDGRID_API_KEY_NAME"]!);
    }

    // ---- Storage, Key Vault, monitoring ----

    [Fact]
    public void Storage_has_no_shared_key_access_no_public_blobs_and_requires_TLS_1_2_over_https()
    {
        var p = InfraArtifacts.Single("Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False((bool)p["allowSharedKeyAccess"]!);
        Assert.False((bool)p["allowBlobPublicAccess"]!);
        Assert.True((bool)p["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string)p["minimumTlsVersion"]!);

        var container = InfraArtifacts.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", (string)container["properties"]!["publicAccess"]!);
    }

    [Fact]
    public void Key_Vault_uses_RBAC_with_soft_delete_and_purge_protection()
    {
        var p = InfraArtifacts.Single("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True((bool)p["enableRbacAuthorization"]!);
        Assert.True((bool)p["enableSoftDelete"]!);
        Assert.True((bool)p["enablePurgeProtection"]!);
        Assert.Null(p["accessPolicies"]);
    }

    [Fact]
    public void Application_Insights_accepts_Entra_authenticated_telemetry_only()
    {
        var p = InfraArtifacts.Single("Microsoft.Insights/components")["properties"]!;
        Assert.True((bool)p["DisableLocalAuth"]!);
        Assert.NotNull(p["WorkspaceResourceId"]);
    }

    [Fact]
    public void Diagnostic_settings_send_the_app_Service_Bus_Key_Vault_and_storage_to_Log_Analytics()
    {
        var workspace = (string)InfraArtifacts.Single("Microsoft.OperationalInsights/workspaces")["id"]!;
        var scopes = InfraArtifacts.OfType("Microsoft.Insights/diagnosticSettings")
            .Select(d =>
            {
                Assert.Equal(workspace, (string)d["properties"]!["workspaceId"]!);
                var id = (string)d["id"]!;
                return id[..id.IndexOf("/providers/Microsoft.Insights/diagnosticSettings/", StringComparison.Ordinal)];
            })
            .ToHashSet(StringComparer.Ordinal);

        var storage = (string)InfraArtifacts.Single("Microsoft.Storage/storageAccounts")["id"]!;
        string[] expected =
        [
            (string)Site()["id"]!,
            (string)InfraArtifacts.Single("Microsoft.ServiceBus/namespaces")["id"]!,
            (string)InfraArtifacts.Single("Microsoft.KeyVault/vaults")["id"]!,
            storage,
            storage + "/blobServices/default",
            storage + "/tableServices/default",
        ];
        Assert.All(expected, scope => Assert.Contains(scope, scopes));
    }

    // ---- Roles ----

    [Fact]
    public void The_app_identity_gets_every_role_it_needs_on_each_resource_and_nothing_broader()
    {
        var identityId = AppIdentityId();
        var granted = RoleAssignments()
            .Where(a => a.PrincipalId.Contains(identityId, StringComparison.Ordinal))
            .ToList();

        Assert.All(granted, a =>
        {
            Assert.Equal("ServicePrincipal", a.PrincipalType);
            Assert.EndsWith(".principalId]", a.PrincipalId, StringComparison.Ordinal);
            Assert.True(Guid.TryParse(a.Name, out _) || a.Name.StartsWith("[guid(", StringComparison.Ordinal), a.Name);
        });

        var expected = new[]
        {
            (RoleIds.StorageBlobDataOwner, ResourceId("Microsoft.Storage/storageAccounts")),
            (RoleIds.StorageTableDataContributor, ResourceId("Microsoft.Storage/storageAccounts")),
            (RoleIds.ServiceBusDataSender, ResourceId("Microsoft.ServiceBus/namespaces")),
            (RoleIds.ServiceBusDataReceiver, ResourceId("Microsoft.ServiceBus/namespaces")),
            (RoleIds.KeyVaultSecretsUser, ResourceId("Microsoft.KeyVault/vaults")),
            (RoleIds.MonitoringMetricsPublisher, ResourceId("Microsoft.Insights/components")),
        };
        Assert.Equal(
            expected.Select(e => $"{e.Item1} on {e.Item2}").Order(StringComparer.Ordinal),
            granted.Select(a => $"{a.RoleId} on {a.Scope}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_role_assignment_is_broad_or_scoped_to_the_resource_group()
    {
        string[] broad = [RoleIds.Owner, RoleIds.Contributor, RoleIds.UserAccessAdministrator, RoleIds.RoleBasedAccessControlAdministrator];
        var assignments = RoleAssignments();
        Assert.NotEmpty(assignments);
        Assert.All(assignments, a =>
        {
            Assert.DoesNotContain(a.RoleId, broad);
            Assert.Matches("/providers/[A-Za-z.]+/[A-Za-z]+/[^/]+$", a.Scope);
            Assert.False(string.IsNullOrEmpty(a.PrincipalType), a.Name);
        });
        Assert.All(broad, id => Assert.DoesNotContain(id, InfraArtifacts.TemplateText, StringComparison.OrdinalIgnoreCase));
    }

    // ---- Outputs ----

    [Fact]
    public void Outputs_give_the_webhook_urls_and_the_staff_api_base()
    {
        var outputs = InfraArtifacts.Outputs;
        var baseUrl = (string)outputs["PUBLIC_BASE_URL"]!;
        Assert.Equal(baseUrl + "/api", (string)outputs["STAFF_API_BASE_URL"]!);
        Assert.Equal(baseUrl + "/api/inquiries/email", (string)outputs["SENDGRID_INBOUND_PARSE_URL"]!);
        Assert.Contains("--function-name InboundEmail", (string)outputs["INBOUND_EMAIL_KEY_COMMAND"]!, StringComparison.Ordinal);

        var numbers = InfraArtifacts.ReadJson("functions/Support.Core/Voice/regions.json")["regions"]!.AsArray()
            .SelectMany(r => r!["numbers"]!.AsArray().Select(n => $"{(string)r["name"]!} {(string)n!}"))
            .Order(StringComparer.Ordinal);
        var voice = outputs["TWILIO_VOICE_URLS"]!.AsArray().Select(v => v!.AsObject()).ToList();
        Assert.Equal(numbers, voice.Select(v => $"{(string)v["region"]!} {(string)v["number"]!}").Order(StringComparer.Ordinal));
        Assert.All(voice, v => Assert.Equal(baseUrl + "/api/voice/incoming", (string)v["voiceUrl"]!));
    }

    // ---- Workflow and azd ----

    [Fact]
    public void Workflow_builds_and_tests_on_push_and_pull_request_and_deploys_manually_with_OIDC_and_azd()
    {
        var text = File.ReadAllText(Path.Combine(InfraArtifacts.RepoRoot, ".github", "workflows", "ci.yml"));
        Assert.DoesNotContain('\t', text);
        var lines = text.Split('\n');
        Assert.Contains("on:", lines);
        Assert.Contains("jobs:", lines);
        foreach (var trigger in new[] { "  push:", "  pull_request:", "  workflow_dispatch:" })
        {
            Assert.Contains(trigger, lines);
        }

        var deploy = text[text.IndexOf("\n  deploy:", StringComparison.Ordinal)..];
        Assert.Contains("if: github.event_name == 'workflow_dispatch'", deploy, StringComparison.Ordinal);
        Assert.Contains("id-token: write", deploy, StringComparison.Ordinal);
        Assert.Contains("uses: azure/login@", deploy, StringComparison.Ordinal);
        Assert.Contains("azd provision", deploy, StringComparison.Ordinal);
        Assert.Contains("azd deploy", deploy, StringComparison.Ordinal);
        Assert.Contains("run: bash .ci/run", text, StringComparison.Ordinal);

        // Every line is blank, a comment, or indented by a multiple of two spaces (a cheap YAML sanity check).
        Assert.All(lines, l => Assert.True((l.Length - l.TrimStart(' ').Length) % 2 == 0, l));
    }

    [Fact]
    public void Azure_yaml_names_the_api_service_the_bicep_tags()
    {
        var text = File.ReadAllText(Path.Combine(InfraArtifacts.RepoRoot, "azure.yaml"));
        Assert.Contains("  api:\n    project: functions/Support.Functions\n    language: dotnet\n    host: function", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("api", (string)Site()["tags"]!["azd-service-name"]!);
    }

    // ---- helpers ----

    private sealed record RoleAssignment(string Name, string Scope, string RoleId, string PrincipalId, string PrincipalType);

    private static JsonNode QueuesJson() => InfraArtifacts.ReadJson("functions/Support.Core/Queues/queues.json");

    private static List<JsonObject> QueueResources() => InfraArtifacts.OfType("Microsoft.ServiceBus/namespaces/queues").ToList();

    private static string QueueName(JsonObject queue) => ((string)queue["name"]!).Split('/')[^1];

    private static JsonObject Site() => InfraArtifacts.Single("Microsoft.Web/sites");

    private static string AppIdentityId() => ResourceId(AppIdentityType);

    private static string ResourceId(string type) => (string)InfraArtifacts.Single(type)["id"]!;

    private static Dictionary<string, string> AppSettings() =>
        Site()["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!, StringComparer.Ordinal);

    private static List<RoleAssignment> RoleAssignments() =>
        InfraArtifacts.OfType("Microsoft.Authorization/roleAssignments")
            .Select(a =>
            {
                var id = (string)a["id"]!;
                var scope = AssignmentScope().Match(id);
                Assert.True(scope.Success, "role assignment without a resource scope: " + id);
                var p = a["properties"]!;
                return new RoleAssignment(
                    (string)a["name"]!,
                    scope.Groups[1].Success ? scope.Groups[1].Value : scope.Groups[2].Value,
                    ((string)p["roleDefinitionId"]!).Split('/')[^1],
                    (string)p["principalId"]!,
                    (string?)p["principalType"] ?? "");
            })
            .ToList();

    /// <summary>The scope of a role assignment id, evaluated (<c>scope/providers/Microsoft.Authorization/roleAssignments/guid</c>) or not.</summary>
    [GeneratedRegex(@"^(?:\[extensionResourceId\('([^']+)', 'Microsoft\.Authorization/roleAssignments'|(/.+)/providers/Microsoft\.Authorization/roleAssignments/[0-9a-f-]{36}$)")]
    private static partial Regex AssignmentScope();

    [GeneratedRegex(@"^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}secrets/\{1\}\)', reference\('(?<vault>[^']+/providers/Microsoft\.KeyVault/vaults/[^']+)', '[^']+'\)\.vaultUri, '(?<secret>[A-Za-z0-9-]+)'\)\]$")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex("(Token|Key|Secret|Password)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();
}
