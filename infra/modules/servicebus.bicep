// Service Bus namespace with the queues between the pipeline steps. Queue names come from
// functions/Support.Core/Queues/queues.json (passed in by main.bicep), so code and infra cannot drift.
// Local (SAS) auth is off: the app connects with its managed identity.

@description('Location of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Service Bus namespace name.')
@minLength(6)
@maxLength(50)
param name string

@description('Every queue the code uses.')
param queueNames string[]

@description('Deliveries before a message is dead-lettered; the local host gives up after the same count.')
@minValue(1)
param maxDeliveryCount int = 5

@description('Peek-lock duration; the Functions host renews the lock while a handler runs.')
param lockDuration string = 'PT1M'

@description('How long an unprocessed message lives before it is dead-lettered.')
param messageTimeToLive string = 'P14D'

@description('Window in which a repeated MessageId is dropped (on every queue: every sender sets a stable MessageId, and it cannot be turned on after a queue exists).')
param duplicateDetectionWindow string = 'PT10M'

@description('Name of the user-assigned identity the app runs as (same resource group).')
param appIdentityName string

@description('Log Analytics workspace that receives the diagnostic logs.')
param workspaceId string

@description('Object id of the admin who may read and replay dead letters with their own sign-in (the deployer).')
param adminPrincipalId string

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

// As Microsoft's Flex Consumption Service Bus sample grants: Data Owner lets the target-based scaler read
// queue lengths (Manage); without it the platform falls back to peeking one message. Data Owner includes send.
var roles = {
  azureServiceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  azureServiceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: namespace
    name: queueName
    properties: {
      maxDeliveryCount: maxDeliveryCount
      lockDuration: lockDuration
      defaultMessageTimeToLive: messageTimeToLive
      deadLetteringOnMessageExpiration: true
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      requiresSession: false
      enablePartitioning: false
    }
  }
]

resource dataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, appIdentity.id, roles.azureServiceBusDataOwner)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.azureServiceBusDataOwner)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource dataReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, appIdentity.id, roles.azureServiceBusDataReceiver)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.azureServiceBusDataReceiver)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The replay command receives from the dead-letter sub-queues and sends back with the admin's own sign-in.
// No principalType: a user with azd or a service principal in CI, Azure works out which.
resource adminDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, adminPrincipalId, roles.azureServiceBusDataOwner)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.azureServiceBusDataOwner)
    principalId: adminPrincipalId
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
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

output name string = namespace.name
@description('Host name only (no scheme, no port), as ServiceBusConnection__fullyQualifiedNamespace expects.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
output queueNames string[] = [for (queueName, i) in queueNames: queues[i].name]
