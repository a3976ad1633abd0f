// Support.Functions: everything the pipeline runs on, in one resource group.
// Deploy with `azd up` (azure.yaml at the repo root) or `infra/deploy`; see infra/README.md.
targetScope = 'resourceGroup'

@description('Environment name (the azd environment); part of every resource name.')
@minLength(1)
@maxLength(20)
param environmentName string

@description('Region of every resource: one that offers the Flex Consumption plan (`az functionapp list-flexconsumption-locations`).')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'japanwest'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'switzerlandnorth'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
param location string

@description('Sender address of outgoing mail (a domain verified in SendGrid).')
param mailFromAddress string

@description('Sender display name of outgoing mail.')
param mailFromName string = 'Support'

@description('How mails name the team ("Thank you for contacting <team>").')
param mailTeamName string = 'the support team'

@description('Region (ISO 3166 code) used to read phone numbers written without a country code; the sample numbers are UK ones.')
param defaultPhoneRegion string = 'GB'

@description('Where the alerts go (an action group mails this address).')
param adminEmail string

@description('SLA breaches in one hour above which the admins are alerted.')
@minValue(0)
param slaBreachesPerHourThreshold int = 5

@description('Domain replies are addressed to (support+<reference>@<domain>); its MX points at SendGrid Inbound Parse.')
param mailReplyDomain string

@description('Right-hand side of the Message-IDs the app writes.')
param mailMessageIdDomain string

@description('The Twilio account SID (AC...): with the auth token, it fetches voicemail recordings once into Blob Storage.')
param twilioAccountSid string

@description('The GitHub account or organisation whose repository technical tickets are logged in (GitHub__Owner).')
param gitHubOwner string

@description('The repository S1 and S2 technical tickets are logged in once triaged (GitHub__Repository).')
param gitHubRepository string

@description('Other repositories (owner/name, comma-separated) staff may choose when they log a ticket from the console.')
param gitHubOtherRepositories string = ''

@description('Where feature requests become topics: the forum\'s address (Discourse__BaseUrl), e.g. https://forum.example.com/.')
param discourseBaseUrl string

@description('The user the app posts to Discourse as (Discourse__ApiUsername); the API key is a Key Vault secret.')
param discourseApiUsername string = 'system'

@description('The id of the forum category feature requests go in (Discourse__CategoryId).')
param discourseCategoryId int

@description('The Slack channel id (C…) every new ticket, S1, SLA warning or breach and escalation is posted in (Slack__StreamChannel); empty: no stream. Slack is off until the Slack--BotToken secret is set.')
param slackStreamChannel string = ''

@description('The Slack channel id whose topic names who is on duty, where rotation handoffs are summarised (Slack__SupportChannel).')
param slackSupportChannel string = ''

@description('Slack channel ids shared with customers (comma-separated): a top-level message there becomes a ticket (Slack__SharedChannels).')
param slackSharedChannels string = ''

@description('Client id of the Entra ID app registration staff sign in with (App Service Authentication); see infra/README.md for the two az ad app commands that create it.')
@minLength(36)
@maxLength(36)
param authClientId string

@description('One integration key per name (scripts, a CRM sync...): each a Key Vault secret IntegrationKeys--<name>, sent in the x-functions-key header, acting as integration:<name>.')
param integrationKeyNames string[] = [
  'scripts'
]

@description('Most instances the Flex Consumption plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per Function App instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

// The single source of truth for queue names, shared with the code.
var queueConfig = loadJsonContent('../functions/Support.Core/Queues/queues.json')
// The tables and blob containers the code uses: declared here, never created by the app in Azure.
var storageConfig = loadJsonContent('../functions/Support.Adapters/Storage/storage.json')
// The regional phone numbers, shared with the voice intake.
var voiceConfig = loadJsonContent('../functions/Support.Core/Calendars/regions.json')

var env = toLower(environmentName)
var token = toLower(uniqueString(subscription().id, resourceGroup().id, env))
var tags = {
  'azd-env-name': environmentName
  application: 'support-functions'
}
var names = {
  identity: 'id-${env}-${token}'
  workspace: 'log-${env}-${token}'
  appInsights: 'appi-${env}-${token}'
  storage: 'st${token}'
  serviceBus: 'sb-${env}-${token}'
  keyVault: 'kv-${token}'
  plan: 'plan-${env}-${token}'
  functionApp: 'func-${env}-${token}'
  deploymentContainer: 'app-package'
}
// Key Vault secret names ("--" maps to ":" in .NET configuration, as the app setting names do with "__").
var secretNames = {
  twilioAuthToken: 'Twilio--AuthToken'
  sendGridApiKey: 'SendGrid--ApiKey'
  authClientSecret: 'Auth--ClientSecret'
  mailSigningKey: 'Mail--SigningKey'
  gitHubToken: 'GitHub--Token'
  gitHubWebhookSecret: 'GitHub--WebhookSecret'
  discourseApiKey: 'Discourse--ApiKey'
  slackBotToken: 'Slack--BotToken'
  slackSigningSecret: 'Slack--SigningSecret'
}
// Routes Easy Auth never handles: the support page, the web form and the Twilio and SendGrid webhooks, each with
// its own protection (rate limit and honeypot, Twilio's signature, the webhook's function key). Every other route
// lets anonymous callers through to the app, which admits a signed-in roster person or an integration key.
var anonymousPaths = [
  '/api/support'
  '/api/book'
  '/api/book/cancel'
  '/api/inquiries/web'
  '/api/inquiries/email'
  '/api/voice/incoming'
  '/api/voice/dial-status'
  '/api/voice/whisper'
  '/api/voice/voicemail-done'
  '/api/voice/recording'
  '/api/voice/transcription'
  '/api/integrations/github'
  '/api/integrations/slack/events'
  '/api/integrations/slack/actions'
]
// Whoever runs the deployment (a user with azd or az, the CI's service principal): sets the secrets, replays dead letters.
var deployerObjectId = deployer().objectId

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    appIdentityName: identity.name
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    environmentName: env
    adminEmail: adminEmail
    appInsightsName: names.appInsights
    workspaceId: monitoring.outputs.workspaceId
    serviceBusName: names.serviceBus
    supportPageUrl: '${functionApp.outputs.publicBaseUrl}/api/support'
    slaBreachesPerHourThreshold: slaBreachesPerHourThreshold
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: names.storage
    deploymentContainerName: names.deploymentContainer
    tableNames: storageConfig.tables
    containerNames: storageConfig.containers
    appIdentityName: identity.name
    workspaceId: monitoring.outputs.workspaceId
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    tags: tags
    name: names.serviceBus
    queueNames: queueConfig.queues
    appIdentityName: identity.name
    adminPrincipalId: deployerObjectId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: names.keyVault
    appIdentityName: identity.name
    keyVaultAdminPrincipalId: deployerObjectId
    workspaceId: monitoring.outputs.workspaceId
  }
}

// The settings the app reads (functionapp.bicep adds PublicBaseUrl from the site's host name). Identity-based
// connections only; the secrets are Key Vault references. Timer schedules have flat names: the host looks
// %SlaSweepSchedule% up literally, and a name with "__" would be stored as "Timers:..." and never found.
var appSettings = {
  AZURE_CLIENT_ID: identity.properties.clientId
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  ServiceBusConnection__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identity.properties.clientId
  Storage__tableServiceUri: storage.outputs.tableEndpoint
  Storage__blobServiceUri: storage.outputs.blobEndpoint
  Storage__credential: 'managedidentity'
  Storage__clientId: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.properties.clientId}'
  Twilio__AccountSid: twilioAccountSid
  Twilio__AuthToken: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.twilioAuthToken})'
  SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.sendGridApiKey})'
  // Easy Auth reads the app registration's secret from this setting (authsettingsV2 clientSecretSettingName).
  MICROSOFT_PROVIDER_AUTHENTICATION_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.authClientSecret})'
  // Signs our Message-IDs and the staff reply addresses: only those thread by header or let staff reply by mail.
  Mail__SigningKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.mailSigningKey})'
  DefaultPhoneRegion: defaultPhoneRegion
  Mail__FromAddress: mailFromAddress
  Mail__FromName: mailFromName
  Mail__TeamName: mailTeamName
  Mail__ReplyDomain: mailReplyDomain
  Mail__MessageIdDomain: mailMessageIdDomain
  SlaSweepSchedule: '0 * * * * *'
  PendingAutoCloseSchedule: '0 */15 * * * *'
  WelcomeMailSchedule: '0 */15 * * * *'
  BookingRemindersSchedule: '0 */5 * * * *'
  RotationHandoffSchedule: '0 */5 * * * *'
  DailyDigestSchedule: '0 0 7 * * *'
  VoicemailSweepSchedule: '0 * * * * *'
  // Weekly retrain of the triage model.
  TriageRetrainSchedule: '0 0 3 * * 0'
  // The manager's weekly papercuts mail, Mondays.
  PapercutsSchedule: '0 0 8 * * 1'
  // The engineering loop: technical tickets logged in GitHub (a fine-grained token with Issues read/write on the
  // repositories), GitHub's webhook signed with its secret, feature requests posted to the Discourse forum.
  GitHub__Owner: gitHubOwner
  GitHub__Repository: gitHubRepository
  GitHub__OtherRepositories: gitHubOtherRepositories
  GitHub__Token: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.gitHubToken})'
  GitHub__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.gitHubWebhookSecret})'
  Discourse__BaseUrl: discourseBaseUrl
  Discourse__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.discourseApiKey})'
  Discourse__ApiUsername: discourseApiUsername
  Discourse__CategoryId: string(discourseCategoryId)
  // Team chat: Slack's Web API with the bot token, Slack's requests signed with the app's signing secret (both secrets;
  // everything Slack stays off while the bot token's secret is empty).
  Slack__BotToken: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.slackBotToken})'
  Slack__SigningSecret: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.slackSigningSecret})'
  Slack__StreamChannel: slackStreamChannel
  Slack__SupportChannel: slackSupportChannel
  Slack__SharedChannels: slackSharedChannels
  // The app sees the Functions front end as the client; the caller's address arrives in X-Forwarded-For.
  WebForm__TrustForwardedFor: 'true'
}

// IntegrationKeys__<name>: Key Vault references, so each key can be rotated or revoked alone.
var integrationKeySettings = toObject(integrationKeyNames, n => 'IntegrationKeys__${n}', n => '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/IntegrationKeys--${n})')

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    planName: names.plan
    name: names.functionApp
    identityId: identity.id
    keyVaultReferenceIdentityId: identity.id
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appSettings: union(appSettings, integrationKeySettings)
    authClientId: authClientId
    anonymousPaths: anonymousPaths
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    workspaceId: monitoring.outputs.workspaceId
  }
}

output AZURE_LOCATION string = location
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_HOST_NAME string = functionApp.outputs.defaultHostName
output PUBLIC_BASE_URL string = functionApp.outputs.publicBaseUrl
output KEY_VAULT_NAME string = keyVault.outputs.name
output KEY_VAULT_TWILIO_AUTH_TOKEN_NAME string = secretNames.twilioAuthToken
output KEY_VAULT_SENDGRID_API_KEY_NAME string = secretNames.sendGridApiKey
output KEY_VAULT_MAIL_SIGNING_KEY_NAME string = secretNames.mailSigningKey
output KEY_VAULT_GITHUB_TOKEN_NAME string = secretNames.gitHubToken
output KEY_VAULT_GITHUB_WEBHOOK_SECRET_NAME string = secretNames.gitHubWebhookSecret
output KEY_VAULT_DISCOURSE_API_KEY_NAME string = secretNames.discourseApiKey
@description('GitHub webhook Payload URL (content type application/json, events Issues and Issue comments, secret GitHub--WebhookSecret).')
output GITHUB_WEBHOOK_URL string = '${functionApp.outputs.publicBaseUrl}/api/integrations/github'
output KEY_VAULT_SLACK_BOT_TOKEN_NAME string = secretNames.slackBotToken
output KEY_VAULT_SLACK_SIGNING_SECRET_NAME string = secretNames.slackSigningSecret
@description('Slack app: Event Subscriptions Request URL (bot event message.channels) and Interactivity Request URL.')
output SLACK_EVENTS_URL string = '${functionApp.outputs.publicBaseUrl}/api/integrations/slack/events'
output SLACK_ACTIONS_URL string = '${functionApp.outputs.publicBaseUrl}/api/integrations/slack/actions'
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SERVICE_BUS_QUEUES string[] = serviceBus.outputs.queueNames
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
@description('Staff API base URL: staff sign in to the console; scripts send an integration key (INTEGRATION_KEY_SECRETS) in the x-functions-key header.')
output STAFF_API_BASE_URL string = '${functionApp.outputs.publicBaseUrl}/api'
@description('The staff console; staff sign in with their Entra ID work account.')
output CONSOLE_URL string = '${functionApp.outputs.publicBaseUrl}/api/console'
@description('Redirect URI to register on the Entra ID app registration (az ad app update --web-redirect-uris).')
output AUTH_REDIRECT_URI string = '${functionApp.outputs.publicBaseUrl}/.auth/login/aad/callback'
output KEY_VAULT_AUTH_CLIENT_SECRET_NAME string = secretNames.authClientSecret
@description('The Key Vault secret to set for each integration key (a random value of your own).')
output INTEGRATION_KEY_SECRETS string[] = map(integrationKeyNames, n => 'IntegrationKeys--${n}')
@description('SendGrid Inbound Parse destination without its key: append ?code=<key of function InboundEmail> (see INBOUND_EMAIL_KEY_COMMAND).')
output SENDGRID_INBOUND_PARSE_URL string = '${functionApp.outputs.publicBaseUrl}/api/inquiries/email'
@description('Replays the dead letters of every queue with your own az login identity (see infra/README.md).')
output REPLAY_DEAD_LETTERS_COMMAND string = 'dotnet run --project functions/Support.Local -- replay --service-bus ${serviceBus.outputs.fullyQualifiedNamespace}'
@description('Prints the InboundEmail function\'s own key (it opens that function only) to append as ?code= to SENDGRID_INBOUND_PARSE_URL, after the code is deployed.')
output INBOUND_EMAIL_KEY_COMMAND string = 'az functionapp function keys list --resource-group ${resourceGroup().name} --name ${names.functionApp} --function-name InboundEmail --query default --output tsv'
@description('The voice webhook (HTTP POST) to set on each regional Twilio number.')
output TWILIO_VOICE_URLS object[] = flatten(map(voiceConfig.regions, region => map(region.numbers, number => {
  region: region.name
  number: number
  voiceUrl: '${functionApp.outputs.publicBaseUrl}/api/voice/incoming'
})))
