<?xml version="1.0" encoding="UTF-8"?>
<#--
  Digium configuration, firmware 2.8.1: what every model shares. A model template (D40.ftl, ...) includes this
  file after defining, if it needs one, a macro "suffix" that is rendered at the end of <config>.
  The data model is described in the plugin's README; every ${...} is XML-escaped.
-->
<config>
    <setting id="login_password" value="${login_password}" />
<#if time_zone??>
    <setting id="time_zone" value="${time_zone}" />
</#if>
<#if ntp_server??>
    <setting id="time_source" value="ntp" />
    <setting id="ntp_server" value="${ntp_server}" />
    <setting id="ntp_resync" value="86400" />
</#if>
    <setting id="accept_local_calls" value="any" />
    <setting id="backlight_timeout" value="30" />
    <setting id="ehs" value="Plantronics" />
    <setting id="enable_blf_on_unused_line_keys" value="1" />
    <setting id="blf_contact_group" value="Default" />

    <ringtones>
        <alerts>
            <alert alert_info="normal" ringtone_id="Digium" ring_type="normal" />
            <alert alert_info="answer" ringtone_id="" ring_type="answer" />
            <alert alert_info="ring-answer" ringtone_id="Digium" ring_type="answer" />
            <alert alert_info="intercom" ringtone_id="" ring_type="answer" />
            <alert alert_info="visual" ringtone_id="" ring_type="visual" />
        </alerts>
    </ringtones>

    <setting id="network_vlan_qos" value="${vlan_qos}" />
    <setting id="network_vlan_id" value="${vlan_id}" />

    <contacts url="${contacts_url}" id="internal" />
<#if locale??>

    <setting id="locale" value="${locale}" />
</#if>

    <accounts>
<#list accounts as account>
        <account
            index="${account.index}"
            status="1"
            register="1"
            account_id="${account.username}"
            username="${account.username}"
            authname="${account.auth_username}"
            password="${account.password}"
            line_label="${account.line_label}"
            dial_plan="x.T6"
            visual_voicemail="0"
            voicemail="${account.voicemail}"
            conflict="replace">
            <host_primary
                server="${account.primary.server}"
                port="${account.primary.port}"
                transport="${account.primary.transport}"
                reregister="3600"
                retry="25"
                num_retries="5" />
<#if account.alternate??>
            <host_alternate
                server="${account.alternate.server}"
                port="${account.alternate.port}"
                transport="${account.alternate.transport}"
                reregister="3600"
                retry="25"
                num_retries="5" />
</#if>
        </account>
</#list>
    </accounts>

    <firmwares>
<#list firmwares as firmware>
        <firmware model="${firmware.model}" version="${firmware.version}" url="${firmware.url}" />
</#list>
    </firmwares>
<#if suffix??>
<@suffix />
</#if>
</config>
