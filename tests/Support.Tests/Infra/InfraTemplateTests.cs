using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Support.Core.Queues;
using Support.Web;
using Support.Tests.Functions;
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
        public const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
        public const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
        public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
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
        "Twilio__AccountSid", "Twilio__AuthToken", "SendGrid__ApiKey",
        "PublicBaseUrl", "DefaultPhoneRegion",
        "Mail__FromAddress", "Mail__FromName", "Mail__TeamName", "Mail__ReplyDomain", "Mail__MessageIdDomain", "Mail__SigningKey",
        "SlaSweepSchedule", "PendingAutoCloseSchedule", "WelcomeMailSchedule", "BookingRemindersSchedule",
        "RotationHandoffSchedule", "DailyDigestSchedule", "VoicemailSweepSchedule", "TriageRetrainSchedule", "PapercutsSchedule",
        "WebForm__TrustForwardedFor",
        "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET", "IntegrationKeys__scripts",
        "GitHub__Owner", "GitHub__Repository", "GitHub__OtherRepositories", "GitHub__Token", "GitHub__WebhookSecret",
        "Discourse__BaseUrl", "Discourse__ApiKey", "Discourse__ApiUsername", "Discourse__CategoryId",
        "Slack__BotToken", "Slack__SigningSecret", "Slack__StreamChannel", "Slack__SupportChannel", "Slack__SharedChannels",
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
    public void Duplicate_detection_is_on_every_queue()
    {
        // Every publisher sets a stable MessageId (a retry's reschedule too), and the setting cannot be changed once a queue exists.
        Assert.All(QueueResources(), q =>
        {
            var p = q["properties"]!;
            Assert.True((bool)p["requiresDuplicateDetection"]!, QueueName(q));
            Assert.StartsWith("PT", (string)p["duplicateDetectionHistoryTimeWindow"]!, StringComparison.Ordinal);
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
    public void Every_timer_schedule_resolves_from_the_app_settings_as_the_Functions_host_resolves_it()
    {
        // The host resolves %name% with DefaultNameResolver: configuration[name], the name as written. App settings
        // reach the host as environment variables, whose configuration provider stores A__B as the key A:B; so
        // %Timers__X% would find nothing there, and the timer function would never start.
        var app = Path.Combine(InfraArtifacts.RepoRoot, "functions", "Support.Functions");
        var named = FunctionsAppSource.Attributes(FunctionsAppSource.Parse(app), "TimerTrigger")
            .Select(a => FunctionsAppSource.Literal(TriggerAttribute.Of(a).Positional[0]) ?? throw new InvalidOperationException($"A timer schedule is not a literal: {a}"))
            .ToList();
        Assert.Equal(9, named.Count);

        var host = HostConfiguration(AppSettings());
        var local = HostConfiguration(LocalSampleSettings());
        Assert.All(named, expression =>
        {
            Assert.Matches("^%[^%]+%$", expression);
            var name = expression[1..^1];
            var schedule = host[name];
            Assert.True(schedule is not null, $"{expression} does not resolve to a value among the app settings");
            Assert.Equal(6, schedule!.Split(' ').Length);
            Assert.Equal(schedule, local[name]);
        });
    }

    [Fact]
    public void A_nested_timer_setting_would_not_resolve_which_is_why_the_names_are_flat()
    {
        var host = HostConfiguration(new Dictionary<string, string> { ["Timers__SlaSweepSchedule"] = "0 * * * * *" });
        Assert.Null(host["Timers__SlaSweepSchedule"]);
        Assert.Equal("0 * * * * *", host["Timers:SlaSweepSchedule"]);
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

        Assert.Equal("GB", settings["DefaultPhoneRegion"]);
        Assert.False(string.IsNullOrWhiteSpace(settings["Mail__TeamName"]));
        Assert.Equal("0 * * * * *", settings["SlaSweepSchedule"]);
        Assert.Equal("0 */15 * * * *", settings["PendingAutoCloseSchedule"]);
        Assert.Equal("0 */15 * * * *", settings["WelcomeMailSchedule"]);
        Assert.Equal("0 */5 * * * *", settings["RotationHandoffSchedule"]);
        Assert.Equal("0 0 7 * * *", settings["DailyDigestSchedule"]);

        // The site's own host name: a new app may get a unique one (<name>-<hash>.<region>-01.azurewebsites.net).
        Assert.Equal((string)InfraArtifacts.Outputs["PUBLIC_BASE_URL"]!, settings["PublicBaseUrl"]);
        Assert.Equal($"[format('https://{{0}}', reference('{(string)Site()["id"]!}', '2024-11-01').defaultHostName)]", settings["PublicBaseUrl"]);
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
        Assert.Equal("Auth--ClientSecret", KeyVaultReference().Match(settings["MICROSOFT_PROVIDER_AUTHENTICATION_SECRET"]).Groups["secret"].Value);
        Assert.Equal("Auth--ClientSecret", (string)InfraArtifacts.Outputs["KEY_VAULT_AUTH_CLIENT_SECRET_NAME"]!);
        Assert.Matches(@"^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}secrets/IntegrationKeys--\{1\}\)', reference\('[^']+/providers/Microsoft\.KeyVault/vaults/[^']+', '[^']+'\)\.vaultUri, 'scripts'\)\]$", settings["IntegrationKeys__scripts"]);
        Assert.Equal(["IntegrationKeys--scripts"], InfraArtifacts.Outputs["INTEGRATION_KEY_SECRETS"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("Mail--SigningKey", KeyVaultReference().Match(settings["Mail__SigningKey"]).Groups["secret"].Value);
        Assert.Equal("Mail--SigningKey", (string)InfraArtifacts.Outputs["KEY_VAULT_MAIL_SIGNING_KEY_NAME"]!);
        foreach (var (setting, secret, output) in new[]
        {
            ("GitHub__Token", "GitHub--Token", "KEY_VAULT_GITHUB_TOKEN_NAME"),
            ("GitHub__WebhookSecret", "GitHub--WebhookSecret", "KEY_VAULT_GITHUB_WEBHOOK_SECRET_NAME"),
            ("Discourse__ApiKey", "Discourse--ApiKey", "KEY_VAULT_DISCOURSE_API_KEY_NAME"),
            ("Slack__BotToken", "Slack--BotToken", "KEY_VAULT_SLACK_BOT_TOKEN_NAME"),
            ("Slack__SigningSecret", "Slack--SigningSecret", "KEY_VAULT_SLACK_SIGNING_SECRET_NAME"),
        })
        {
            Assert.Equal(secret, KeyVaultReference().Match(settings[setting]).Groups["secret"].Value);
            Assert.Equal(secret, (string)InfraArtifacts.Outputs[output]!);
        }
    }

    // ---- Staff sign-in ----

    [Fact]
    public void App_Service_Authentication_signs_staff_in_with_Entra_ID_and_lets_key_calls_and_the_anonymous_routes_through_to_the_app()
    {
        var auth = InfraArtifacts.OfType("Microsoft.Web/sites/config").Single(c => ((string)c["name"]!).EndsWith("/authsettingsV2", StringComparison.Ordinal))["properties"]!;
        Assert.True((bool)auth["platform"]!["enabled"]!);

        // Not RequireAuthentication: a script with an integration key has no sign-in, and the host grants a sign-in no key
        // level, so the app (StaffGate) admits a roster person or a key; that only works while staff functions are anonymous.
        Assert.False((bool)auth["globalValidation"]!["requireAuthentication"]!);
        Assert.Equal("AllowAnonymous", (string)auth["globalValidation"]!["unauthenticatedClientAction"]!);
        Assert.False(FunctionsGates.NeedsFunctionKey(Gate.Staff));

        // The page, the form and the webhooks are left to their own checks, whatever a caller's cookies say.
        string[] anonymous =
        [
            Routes.FunctionsWebFormPage, Routes.BookPage, Routes.BookCancel, Routes.WebInquiry, Routes.InboundEmail, Routes.VoiceIncoming, Routes.VoiceDialStatus,
            Routes.VoiceWhisper, Routes.VoiceVoicemailDone, Routes.VoiceRecording, Routes.VoiceTranscription, Routes.GitHubWebhook,
            Routes.SlackEvents, Routes.SlackActions,
        ];
        Assert.Equal(
            anonymous.Select(r => $"/{Routes.Prefix}/{r}").Order(StringComparer.Ordinal),
            auth["globalValidation"]!["excludedPaths"]!.AsArray().Select(p => (string)p!).Order(StringComparer.Ordinal));

        var aad = auth["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True((bool)aad["enabled"]!);
        Assert.Equal((string)InfraArtifacts.Parameters["parameters"]!["authClientId"]!["value"]!, (string)aad["registration"]!["clientId"]!);
        Assert.Equal("MICROSOFT_PROVIDER_AUTHENTICATION_SECRET", (string)aad["registration"]!["clientSecretSettingName"]!);
        Assert.Contains("environment().authentication.loginEndpoint", (string)aad["registration"]!["openIdIssuer"]!, StringComparison.Ordinal);
        Assert.True((bool)auth["login"]!["tokenStore"]!["enabled"]!);
        Assert.True((bool)auth["httpSettings"]!["requireHttps"]!);
        Assert.Contains("{0}/.auth/login/aad/callback", (string)InfraArtifacts.Outputs["AUTH_REDIRECT_URI"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void No_output_or_document_points_staff_at_the_host_key()
    {
        var outputs = InfraArtifacts.Outputs.ToJsonString();
        foreach (var marker in new[] { "functionapp keys list", "functionKeys", "masterKey", "host key" })
        {
            Assert.DoesNotContain(marker, outputs, StringComparison.OrdinalIgnoreCase);
        }

        // The one key the template hands out opens the SendGrid webhook only: that function's own key.
        Assert.Contains("az functionapp function keys list", (string)InfraArtifacts.Outputs["INBOUND_EMAIL_KEY_COMMAND"]!, StringComparison.Ordinal);
        foreach (var document in new[] { "README.md", "infra/README.md" })
        {
            var text = File.ReadAllText(Path.Combine(InfraArtifacts.RepoRoot, document));
            foreach (var marker in new[] { "az functionapp keys list", "functionKeys.default", "host key", "hostkey" })
            {
                Assert.False(text.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{document} mentions {marker}");
            }
        }
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

        var containers = InfraArtifacts.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.NotEmpty(containers);
        Assert.All(containers, container => Assert.Equal("None", (string)container["properties"]!["publicAccess"]!));
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
            // As Microsoft's Flex Consumption Service Bus sample: Data Owner (Manage) lets the target-based scaler read queue lengths.
            (RoleIds.ServiceBusDataOwner, ResourceId("Microsoft.ServiceBus/namespaces")),
            (RoleIds.ServiceBusDataReceiver, ResourceId("Microsoft.ServiceBus/namespaces")),
            (RoleIds.KeyVaultSecretsUser, ResourceId("Microsoft.KeyVault/vaults")),
            (RoleIds.MonitoringMetricsPublisher, ResourceId("Microsoft.Insights/components")),
        };
        Assert.Equal(
            expected.Select(e => $"{e.Item1} on {e.Item2}").Order(StringComparer.Ordinal),
            granted.Select(a => $"{a.RoleId} on {a.Scope}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_deploying_principal_whoever_it_is_may_set_the_secrets_and_replay_dead_letters()
    {
        var granted = RoleAssignments().Where(a => a.PrincipalId == "[deployer().objectId]").ToList();
        Assert.Equal(
            new[] { $"{RoleIds.KeyVaultSecretsOfficer} on {ResourceId("Microsoft.KeyVault/vaults")}", $"{RoleIds.ServiceBusDataOwner} on {ResourceId("Microsoft.ServiceBus/namespaces")}" }.Order(StringComparer.Ordinal),
            granted.Select(a => $"{a.RoleId} on {a.Scope}").Order(StringComparer.Ordinal));

        // No principalType: a user with azd and the CI's service principal both deploy, and ARM works out which.
        Assert.All(granted, a => Assert.Equal("", a.PrincipalType));
        Assert.DoesNotContain("AZURE_PRINCIPAL_TYPE", File.ReadAllText(Path.Combine(InfraArtifacts.RepoRoot, "infra", "main.bicepparam")), StringComparison.Ordinal);
        Assert.DoesNotContain("AZURE_PRINCIPAL_TYPE", File.ReadAllText(Path.Combine(InfraArtifacts.RepoRoot, "infra", "deploy")), StringComparison.Ordinal);
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
            Assert.True(a.PrincipalId == "[deployer().objectId]" || !string.IsNullOrEmpty(a.PrincipalType), a.Name);
        });
        Assert.All(broad, id => Assert.DoesNotContain(id, InfraArtifacts.TemplateText, StringComparison.OrdinalIgnoreCase));
    }

    // ---- Outputs ----

    [Fact]
    public void Outputs_give_the_webhook_urls_and_the_staff_api_base()
    {
        var outputs = InfraArtifacts.Outputs;
        var baseUrl = (string)outputs["PUBLIC_BASE_URL"]!;
        Assert.Contains(".defaultHostName", baseUrl, StringComparison.Ordinal);
        Assert.Equal(Under(baseUrl, "/api"), (string)outputs["STAFF_API_BASE_URL"]!);
        Assert.Equal(Under(baseUrl, "/api/inquiries/email"), (string)outputs["SENDGRID_INBOUND_PARSE_URL"]!);
        Assert.Contains("--function-name InboundEmail", (string)outputs["INBOUND_EMAIL_KEY_COMMAND"]!, StringComparison.Ordinal);

        var numbers = InfraArtifacts.ReadJson("functions/Support.Core/Calendars/regions.json")["regions"]!.AsArray()
            .SelectMany(r => r!["numbers"]!.AsArray().Select(n => $"{(string)r["name"]!} {(string)n!}"))
            .Order(StringComparer.Ordinal);
        // Known only once the site exists: the output is the expression ARM evaluates, one object per number.
        var voice = (string)outputs["TWILIO_VOICE_URLS"]!;
        var url = Under(baseUrl, "/api/voice/incoming")[1..^1];
        var objects = VoiceUrlObject().Matches(voice).Select(m => m.Groups["number"].Value).ToList();
        Assert.Equal(numbers.Select(n => n.Split(' ')[1]).Order(StringComparer.Ordinal), objects.Order(StringComparer.Ordinal));
        Assert.Equal(objects.Count, voice.Split(url).Length - 1);
        Assert.Contains("dotnet run --project functions/Support.Local -- replay --service-bus", (string)outputs["REPLAY_DEAD_LETTERS_COMMAND"]!, StringComparison.Ordinal);
    }

    // ---- Storage declared, not created by the app ----

    [Fact]
    public void Every_table_and_container_the_code_uses_is_declared_in_the_template()
    {
        var json = InfraArtifacts.ReadJson("functions/Support.Adapters/Storage/storage.json");
        var tables = json["tables"]!.AsArray().Select(t => (string)t!).Order(StringComparer.Ordinal).ToList();
        var containers = json["containers"]!.AsArray().Select(c => (string)c!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Support.Adapters.Storage.TableNames.All.Order(StringComparer.Ordinal), tables);
        Assert.Equal(Support.Core.Ports.BlobContainers.All.Order(StringComparer.Ordinal), containers);

        Assert.Equal(tables, InfraArtifacts.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => ((string)t["name"]!).Split('/')[^1]).Order(StringComparer.Ordinal));
        var declared = InfraArtifacts.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => ((string)c["name"]!).Split('/')[^1]).ToList();
        Assert.All(containers, c => Assert.Contains(c, declared));
    }

    // ---- Region ----

    [Fact]
    public void The_region_is_limited_to_Flex_Consumption_regions()
    {
        var location = InfraArtifacts.Template["parameters"]!["location"]!;
        var allowed = location["allowedValues"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.Contains("westeurope", allowed);
        Assert.Contains("uksouth", allowed);
        Assert.Contains((string)InfraArtifacts.Parameters["parameters"]!["location"]!["value"]!, allowed);
        Assert.All(allowed, r => Assert.Matches("^[a-z0-9]+$", r));
    }

    // ---- Alerts and dashboard ----

    [Fact]
    public void An_action_group_mails_the_admin_address_and_every_alert_goes_to_it()
    {
        var group = InfraArtifacts.Single("Microsoft.Insights/actionGroups");
        var receiver = Assert.Single(group["properties"]!["emailReceivers"]!.AsArray());
        Assert.Equal((string)InfraArtifacts.Parameters["parameters"]!["adminEmail"]!["value"]!, (string)receiver!["emailAddress"]!);

        var groupId = (string)group["id"]!;
        var alerts = InfraArtifacts.OfType("Microsoft.Insights/metricAlerts").Concat(InfraArtifacts.OfType("Microsoft.Insights/scheduledQueryRules")).ToList();
        Assert.Equal(4, alerts.Count);
        Assert.All(alerts, a => Assert.Contains(groupId, a["properties"]!["actions"]!.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Any_dead_letter_in_any_queue_alerts()
    {
        var alert = MetricAlert("DeadletteredMessages");
        Assert.Equal(ResourceId("Microsoft.ServiceBus/namespaces"), (string)Assert.Single(alert["properties"]!["scopes"]!.AsArray())!);
        var criterion = alert["properties"]!["criteria"]!["allOf"]![0]!;
        Assert.Equal("GreaterThan", (string)criterion["operator"]!);
        Assert.Equal(0, (int)criterion["threshold"]!);
        Assert.Equal("*", (string)criterion["dimensions"]![0]!["values"]![0]!);
    }

    [Fact]
    public void Function_failures_and_SLA_breaches_per_hour_alert()
    {
        var failures = MetricAlert("requests/failed");
        Assert.Equal(ResourceId("Microsoft.Insights/components"), (string)Assert.Single(failures["properties"]!["scopes"]!.AsArray())!);

        var sla = InfraArtifacts.Single("Microsoft.Insights/scheduledQueryRules")["properties"]!;
        Assert.Equal("PT1H", (string)sla["windowSize"]!);
        var criterion = sla["criteria"]!["allOf"]![0]!;
        Assert.Contains($"\"{Support.Core.Telemetry.SupportMetrics.SlaBreaches}\"", (string)criterion["query"]!, StringComparison.Ordinal);
        Assert.Equal((int)InfraArtifacts.Template["parameters"]!["slaBreachesPerHourThreshold"]!["defaultValue"]!, (int)criterion["threshold"]!);
    }

    [Fact]
    public void An_availability_test_loads_the_support_page_and_alerts_when_it_fails()
    {
        var test = InfraArtifacts.Single("Microsoft.Insights/webtests");
        Assert.Equal("standard", (string)test["kind"]!);
        Assert.Equal(Under((string)InfraArtifacts.Outputs["PUBLIC_BASE_URL"]!, "/api/" + Support.Web.Routes.FunctionsWebFormPage), (string)test["properties"]!["Request"]!["RequestUrl"]!);
        Assert.Equal(200, (int)test["properties"]!["ValidationRules"]!["ExpectedHttpStatusCode"]!);

        var alert = InfraArtifacts.OfType("Microsoft.Insights/metricAlerts").Single(a => (string?)a["properties"]!["criteria"]!["odata.type"] == "Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria");
        Assert.Equal((string)test["id"]!, (string)alert["properties"]!["criteria"]!["webTestId"]!);
    }

    [Fact]
    public void A_workbook_shows_intake_queue_depth_latency_and_SLA_compliance_from_the_apps_own_metrics()
    {
        var workbook = InfraArtifacts.Single("Microsoft.Insights/workbooks");
        var content = JsonNode.Parse((string)workbook["properties"]!["serializedData"]!)!;
        var queries = content["items"]!.AsArray().Select(i => (string?)i!["content"]!["query"]).OfType<string>().ToList();
        string[] metrics = [Support.Core.Telemetry.SupportMetrics.InquiriesAccepted, Support.Core.Telemetry.SupportMetrics.TriageToAssigned, Support.Core.Telemetry.SupportMetrics.SlaBreaches];
        Assert.All(metrics, m => Assert.Contains(queries, q => q.Contains($"\"{m}\"", StringComparison.Ordinal)));
        Assert.Contains(queries, q => q.Contains("ActiveMessages", StringComparison.Ordinal));
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

    /// <summary>The app settings resource (<c>sites/config</c> <c>appsettings</c>, deployed after the site so PublicBaseUrl can be its host name).</summary>
    private static Dictionary<string, string> AppSettings()
    {
        var config = InfraArtifacts.OfType("Microsoft.Web/sites/config").Single(c => ((string)c["name"]!).EndsWith("/appsettings", StringComparison.Ordinal));
        Assert.Null(Site()["properties"]!["siteConfig"]!["appSettings"]);
        return config["properties"]!.AsObject().ToDictionary(s => s.Key, s => (string)s.Value!, StringComparer.Ordinal);
    }

    /// <summary>
    /// The configuration the Functions host reads app settings from: environment variables, where the
    /// provider turns every <c>__</c> in a name into <c>:</c> (the configuration key delimiter).
    /// </summary>
    private static IConfiguration HostConfiguration(IReadOnlyDictionary<string, string> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)s.Value)))
            .Build();

    private static Dictionary<string, string> LocalSampleSettings() =>
        InfraArtifacts.ReadJson("local.settings.sample.json")["Values"]!.AsObject().ToDictionary(s => s.Key, s => (string)s.Value!, StringComparer.Ordinal);

    /// <summary>The ARM expression of <paramref name="path"/> under the base URL expression <paramref name="baseUrl"/>.</summary>
    private static string Under(string baseUrl, string path) => $"[format('{{0}}{path}', {baseUrl[1..^1]})]";

    private static JsonObject MetricAlert(string metric) =>
        InfraArtifacts.OfType("Microsoft.Insights/metricAlerts")
            .Single(a => a["properties"]!["criteria"]!["allOf"] is JsonArray all && all.Any(c => (string?)c!["metricName"] == metric));

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

    [GeneratedRegex(@"createObject\('region', '[a-z]+', 'number', '(?<number>\+[0-9]+)', 'voiceUrl'")]
    private static partial Regex VoiceUrlObject();

    [GeneratedRegex("(Token|Key|Secret|Password)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();
}
