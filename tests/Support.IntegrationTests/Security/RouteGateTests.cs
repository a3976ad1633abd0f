using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Support.Web;
using Support.Web.Identity;
using Xunit;

namespace Support.IntegrationTests.Security;

/// <summary>
/// Every route of both hosts has a gate and a test. A new route fails <see cref="Every_route_of_the_local_host_has_its_gate_and_a_covering_test"/>
/// (or, for the Functions app, <see cref="Every_http_function_of_the_functions_app_has_its_gate_and_a_covering_test"/>) until it is added
/// to <see cref="Table"/> with the gate it must have and the test that proves that gate holds.
/// </summary>
public sealed class RouteGateTests(AzuriteFixture env)
{
    /// <summary>"METHOD /path" → the gate the route must declare, and "Class.Method" of the test that covers it.</summary>
    public static readonly IReadOnlyDictionary<string, (Gate Gate, string CoveredBy)> Table = new Dictionary<string, (Gate, string)>(StringComparer.Ordinal)
    {
        ["POST /api/inquiries/web"] = (Gate.Public, "HostileInputTests.Nasty_web_form_posts_get_a_4xx_with_a_reason_and_never_a_500"),
        ["GET /api/tickets"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/tickets/{reference}"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /_dev/mail"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["DELETE /_dev/mail"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["GET /_dev/twilio/2010-04-01/Accounts/{account}/Recordings/{recording}.mp3"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["PATCH /api/tickets/{reference}"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/tickets/{reference}/replies"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/tickets/{reference}/notes"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/tickets/{reference}/merge"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/tickets/{reference}/messages/{message}/attachments/{number}"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/tickets/{reference}/recording"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/tickets/{reference}/follow-ups"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/contacts/{key}"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["PUT /api/contacts/{key}/links/{other}"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["DELETE /api/contacts/{key}/links/{other}"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/roster"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["PUT /api/roster"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/macros"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["PUT /api/macros"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/tickets/{reference}/macros"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/me"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /.auth/login/dev"] = (Gate.DevOnly, "StaffIdentityTests.The_dev_sign_in_and_the_dev_routes_answer_only_this_machine"),
        ["GET /.auth/me"] = (Gate.Public, "StaffIdentityTests.The_local_sign_in_has_easy_auths_me_and_logout"),
        ["GET /.auth/logout"] = (Gate.Public, "StaffIdentityTests.The_local_sign_in_has_easy_auths_me_and_logout"),
        ["GET /api/metrics"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/triage/corrections"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/signups"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/inquiries/email"] = (Gate.InboundEmailKey, $"{nameof(RouteGateTests)}.{nameof(Every_inbound_email_route_refuses_a_missing_or_wrong_secret_with_401)}"),
        ["POST /api/voice/incoming"] = (Gate.TwilioSignature, $"{nameof(RouteGateTests)}.{nameof(Every_twilio_route_refuses_an_unsigned_or_wrongly_signed_request_with_403)}"),
        ["POST /api/voice/dial-status"] = (Gate.TwilioSignature, $"{nameof(RouteGateTests)}.{nameof(Every_twilio_route_refuses_an_unsigned_or_wrongly_signed_request_with_403)}"),
        ["POST /api/voice/whisper"] = (Gate.TwilioSignature, $"{nameof(RouteGateTests)}.{nameof(Every_twilio_route_refuses_an_unsigned_or_wrongly_signed_request_with_403)}"),
        ["POST /api/voice/voicemail-done"] = (Gate.TwilioSignature, $"{nameof(RouteGateTests)}.{nameof(Every_twilio_route_refuses_an_unsigned_or_wrongly_signed_request_with_403)}"),
        ["POST /api/voice/recording"] = (Gate.TwilioSignature, $"{nameof(RouteGateTests)}.{nameof(Every_twilio_route_refuses_an_unsigned_or_wrongly_signed_request_with_403)}"),
        ["POST /api/voice/transcription"] = (Gate.TwilioSignature, $"{nameof(RouteGateTests)}.{nameof(Every_twilio_route_refuses_an_unsigned_or_wrongly_signed_request_with_403)}"),
        ["POST /api/integrations/github"] = (Gate.GitHubSignature, $"{nameof(RouteGateTests)}.{nameof(Every_github_route_refuses_an_unsigned_or_wrongly_signed_delivery_with_401)}"),
        ["GET /api/integrations/github/repositories"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/tickets/{reference}/github"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/reports/papercuts"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/tickets/{reference}/forum"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /_dev/discourse/topics"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["GET /_dev/discourse/search.json"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["GET /_dev/discourse/t/external_id/{externalId}.json"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["GET /_dev/discourse/raw/{topicId:int}"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["POST /_dev/discourse/posts.json"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["GET /_dev/github/issues"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["POST /_dev/github/rate-limit"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["GET /_dev/github/repos/{owner}/{repo}/issues"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["POST /_dev/github/repos/{owner}/{repo}/issues"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["GET /_dev/github/repos/{owner}/{repo}/issues/{number:int}"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["PATCH /_dev/github/repos/{owner}/{repo}/issues/{number:int}"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["GET /_dev/github/repos/{owner}/{repo}/issues/{number:int}/comments"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["POST /_dev/github/repos/{owner}/{repo}/issues/{number:int}/comments"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["GET /"] = (Gate.Public, "StaffApiTests.The_pages_are_public"),
        ["GET /console"] = (Gate.Public, "StaffApiTests.The_pages_are_public"),
        ["GET /api/support"] = (Gate.Public, "StaffApiTests.The_pages_are_public"),
        ["GET /api/console"] = (Gate.Public, "StaffApiTests.The_pages_are_public"),
        ["GET /book"] = (Gate.Public, "BookingTests.The_booking_page_is_public_and_shows_free_times_in_the_chosen_zone"),
        ["GET /api/book"] = (Gate.Public, "BookingTests.The_booking_page_is_public_and_shows_free_times_in_the_chosen_zone"),
        ["POST /api/book"] = (Gate.Public, "BookingTests.A_booking_answers_at_once_lands_on_a_new_ticket_and_mails_both_sides_an_invitation"),
        ["GET /api/bookings/today"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/bookings/{id}/done"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/bookings/{id}/no-show"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/bookings/{id}/free"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/bookings/{id}/reschedule"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /api/tickets/{reference}/booking-link"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["POST /api/integrations/slack/events"] = (Gate.SlackSignature, $"{nameof(RouteGateTests)}.{nameof(Every_slack_route_refuses_an_unsigned_stale_or_wrongly_signed_request_with_401)}"),
        ["POST /api/integrations/slack/actions"] = (Gate.SlackSignature, $"{nameof(RouteGateTests)}.{nameof(Every_slack_route_refuses_an_unsigned_stale_or_wrongly_signed_request_with_401)}"),
        ["POST /api/tickets/{reference}/escalate"] = (Gate.Staff, $"{nameof(RouteGateTests)}.{nameof(Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing)}"),
        ["GET /_dev/slack/messages"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["POST /_dev/slack/rate-limit"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["POST /_dev/slack/api/{method}"] = (Gate.DevOnly, $"{nameof(RouteGateTests)}.{nameof(Dev_routes_live_under_dev_only)}"),
        ["POST /api/book/cancel"] = (Gate.Public, "BookingTests.A_cancel_link_asks_first_then_cancels_once_and_frees_the_time"),
    };

    [Fact]
    public void Every_route_of_the_local_host_has_its_gate_and_a_covering_test()
    {
        var problems = new List<string>();
        foreach (var route in LocalRoutes())
        {
            if (route.Gate is null)
            {
                problems.Add($"{route.Key} has no gate (map it with .Gated(Gate.X))");
            }
            else if (!Table.TryGetValue(route.Key, out var entry))
            {
                problems.Add($"{route.Key} ({route.Gate}) has no entry in {nameof(RouteGateTests)}.{nameof(Table)} naming the test that covers it");
            }
            else if (entry.Gate != route.Gate)
            {
                problems.Add($"{route.Key} declares {route.Gate} but the table says it must be {entry.Gate}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains(LocalRoutes(), r => r.Key == "POST /api/inquiries/web");
    }

    [Fact]
    public void Every_table_entry_names_a_test_that_exists()
    {
        var tests = typeof(RouteGateTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()).Select(m => $"{t.Name}.{m.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(Table, e => Assert.True(tests.Contains(e.Value.CoveredBy), $"{e.Key}: no test {e.Value.CoveredBy}"));
    }

    [Fact]
    public async Task Every_staff_route_refuses_a_missing_or_wrong_key_with_401_and_leaks_nothing()
    {
        var email = Api.UniqueEmail("gate");
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(env.Host.CreateClient(), Api.Form(email, "Gate check subject")));
        await Api.TicketWithEventAsync(env.Host.CreateStaffClient(), reference, "assigned");

        var staffRoutes = LocalRoutes().Where(r => r.Gate == Gate.Staff).ToList();
        Assert.NotEmpty(staffRoutes);
        foreach (var route in staffRoutes)
        {
            var path = route.PathWith(reference);
            foreach (var (what, key, query) in new (string, string?, string)[]
            {
                ("no key", null, string.Empty),
                ("a wrong header key", "wrong-key", string.Empty),
                ("a wrong code", null, "?code=wrong-key"),
                ("the key in the wrong case", LocalHostFactory.IntegrationKey.ToUpperInvariant(), string.Empty),
            })
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), path + query);
                if (key is not null)
                {
                    request.Headers.Add(IntegrationKeys.HeaderName, key);
                }

                var response = await env.Host.CreateClient().SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Key} with {what}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.DoesNotContain(reference, body, StringComparison.Ordinal);
                Assert.DoesNotContain(email, body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Gate check subject", body, StringComparison.Ordinal);
            }

            // And the right key opens it, so the 401 above is the gate and not a broken route.
            using var allowed = new HttpRequestMessage(new HttpMethod(route.Method), path);
            allowed.Headers.Add(IntegrationKeys.HeaderName, LocalHostFactory.IntegrationKey);
            Assert.NotEqual(HttpStatusCode.Unauthorized, (await env.Host.CreateClient().SendAsync(allowed)).StatusCode);
        }
    }

    [Fact]
    public async Task Every_inbound_email_route_refuses_a_missing_or_wrong_secret_with_401()
    {
        foreach (var route in LocalRoutes().Where(r => r.Gate == Gate.InboundEmailKey))
        {
            foreach (var query in new[] { string.Empty, "?code=wrong-secret", $"?code={LocalHostFactory.IntegrationKey}" })
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.PathWith("SUP-7K3Q9F") + query)
                {
                    Content = new MultipartFormDataContent { { new StringContent("a@example.com"), "from" }, { new StringContent("hi"), "text" } },
                };
                var response = await env.Host.CreateClient().SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Key}{query}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Every_twilio_route_refuses_an_unsigned_or_wrongly_signed_request_with_403()
    {
        // A body over 64 KiB is refused before it is read (or signature-checked): Twilio never sends one.
        foreach (var route in LocalRoutes().Where(r => r.Gate == Gate.TwilioSignature))
        {
            using var huge = new HttpRequestMessage(new HttpMethod(route.Method), route.PathWith("SUP-7K3Q9F"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["CallSid"] = "CA" + new string('0', 32), ["Padding"] = new string('x', 70 * 1024) }),
            };
            var tooLarge = await env.Host.CreateClient().SendAsync(huge);
            Assert.True(tooLarge.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{route.Key} with 70 KiB: {(int)tooLarge.StatusCode}");
        }

        foreach (var route in LocalRoutes().Where(r => r.Gate == Gate.TwilioSignature))
        {
            foreach (var signature in new[] { null, "bm90LWEtc2lnbmF0dXJl" })
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.PathWith("SUP-7K3Q9F"))
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["CallSid"] = "CA" + new string('0', 32), ["From"] = "+441234567890" }),
                };
                if (signature is not null)
                {
                    request.Headers.Add("X-Twilio-Signature", signature);
                }

                var response = await env.Host.CreateClient().SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route.Key} signature {signature ?? "missing"}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Every_github_route_refuses_an_unsigned_or_wrongly_signed_delivery_with_401()
    {
        var routes = LocalRoutes().Where(r => r.Gate == Gate.GitHubSignature).ToList();
        Assert.NotEmpty(routes);
        var body = """{"action":"reopened","issue":{"number":1},"repository":{"full_name":"acme/app"}}"""u8.ToArray();
        foreach (var route in routes)
        {
            foreach (var (what, signature) in new (string, string?)[]
            {
                ("no signature", null),
                ("a signature that is not hex", "sha256=" + new string('z', 64)),
                ("the SHA-1 header's form", "sha1=" + new string('0', 40)),
                ("a signature with another secret", Support.Web.Engineering.GitHubWebhookSignature.Sign("not-the-secret", body)),
            })
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.PathWith("SUP-7K3Q9F")) { Content = new ByteArrayContent(body) };
                request.Headers.Add("X-GitHub-Event", "issues");
                request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
                if (signature is not null)
                {
                    request.Headers.Add("X-Hub-Signature-256", signature);
                }

                var response = await env.Host.CreateClient().SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Key} with {what}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Every_slack_route_refuses_an_unsigned_stale_or_wrongly_signed_request_with_401()
    {
        // This host has no signing secret: nothing is genuine, whatever it is signed with.
        var routes = LocalRoutes().Where(r => r.Gate == Gate.SlackSignature).ToList();
        Assert.NotEmpty(routes);
        var body = """{"type":"url_verification","challenge":"c"}"""u8.ToArray();
        foreach (var route in routes)
        {
            foreach (var (what, secret) in new (string, string?)[] { ("no signature", null), ("some secret", "a-secret-this-host-does-not-have") })
            {
                var response = await Chat.SlackRequests.SendAsync(env.Host.CreateClient(), route.PathWith("SUP-7K3Q9F"), body, "application/json", secret, null, null);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Key} with {what}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public void Dev_routes_live_under_dev_only()
    {
        Assert.All(LocalRoutes().Where(r => r.Gate == Gate.DevOnly), r => Assert.True(r.Path.StartsWith("/_dev/", StringComparison.Ordinal) || r.Path == "/.auth/login/dev", r.Key));
        Assert.All(LocalRoutes().Where(r => r.Path.StartsWith("/_dev/", StringComparison.Ordinal)), r => Assert.Equal(Gate.DevOnly, r.Gate));
    }

    [Fact]
    public void Every_http_function_of_the_functions_app_has_its_gate_and_a_covering_test()
    {
        var functions = FunctionsAppRoutes.Find();
        if (functions is null)
        {
            // The Functions app is not in this tree yet: nothing may declare an HTTP trigger elsewhere either.
            Assert.Empty(FunctionsAppRoutes.HttpTriggersOutsideTheApp());
            return;
        }

        Assert.NotEmpty(functions);
        var problems = new List<string>();
        foreach (var function in functions)
        {
            if (function.Gate is null)
            {
                problems.Add($"function {function.Name} ({function.Key}) names no gate: give it [Gated(Gate.X)] next to its [Function] attribute");
            }
            else if (!Table.TryGetValue(function.Key, out var entry))
            {
                problems.Add($"function {function.Name} ({function.Key}) has no entry in {nameof(RouteGateTests)}.{nameof(Table)}");
            }
            else if (entry.Gate != function.Gate)
            {
                problems.Add($"function {function.Name} ({function.Key}) declares {function.Gate} but the table says {entry.Gate}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.DoesNotContain(functions, f => f.Gate == Gate.DevOnly);
    }

    private IReadOnlyList<LocalRoute> LocalRoutes() =>
        [.. env.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => new LocalRoute(m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<GateMetadata>()?.Gate)))];

    private sealed record LocalRoute(string Method, string Path, Gate? Gate)
    {
        public string Key => $"{Method} {Path}";

        /// <summary>The path with every {parameter} filled in (with the given reference, a real ticket's where it matters).</summary>
        public string PathWith(string reference) =>
            System.Text.RegularExpressions.Regex.Replace(Path, @"\{[^}]+\}", m => m.Value.Contains("reference", StringComparison.OrdinalIgnoreCase) ? reference : "x");
    }
}
