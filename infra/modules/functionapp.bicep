// Flex Consumption plan and the Linux Function App (dotnet-isolated 10.0). The app runs as the
// user-assigned identity: it pulls its package from the deployment container with it, resolves its
// Key Vault references with it, and every connection setting names its client id.

@description('Location of the resources.')
param location string

@description('Tags applied to the plan and the app (main.bicep adds azd-service-name for the app).')
param tags object

@description('Flex Consumption plan name.')
param planName string

@description('Function App name; also the first label of its host name.')
param name string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('URL of the blob container holding the deployment package.')
param deploymentContainerUrl string

@description('App settings (name to value), PublicBaseUrl added here. Nothing secret: secrets are Key Vault references.')
param appSettings object

@description('Resource id of the Key Vault reference identity (the user-assigned identity).')
param keyVaultReferenceIdentityId string

@description('Client id of the Entra ID app registration staff sign in with; its secret is the Key Vault reference in MICROSOFT_PROVIDER_AUTHENTICATION_SECRET.')
param authClientId string

@description('Paths App Service Authentication leaves alone (the public page and form, the webhooks).')
param anonymousPaths string[]

@description('Most instances the plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Log Analytics workspace that receives the diagnostic logs.')
param workspaceId string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: keyVaultReferenceIdentityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
  }
}

// The site's own host name, read once it exists: new apps may get a unique default host name
// (<name>-<hash>.<region>-01.azurewebsites.net), so it cannot be derived from the name.
var publicBaseUrl = 'https://${site.properties.defaultHostName}'

resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, {
    PublicBaseUrl: publicBaseUrl
  })
}

// App Service Authentication (Easy Auth) with Entra ID. Anonymous callers go through to the app
// (AllowAnonymous): staff API calls from scripts carry an integration key and no sign-in, and the app
// admits either a signed-in roster person (X-MS-CLIENT-PRINCIPAL, trusted because WEBSITE_AUTH_ENABLED
// is True) or a key. The Functions host grants no key level to a sign-in, so staff functions are anonymous.
resource auth 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  dependsOn: [
    settings
  ]
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
      excludedPaths: anonymousPaths
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          clientSecretSettingName: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output publicBaseUrl string = publicBaseUrl
