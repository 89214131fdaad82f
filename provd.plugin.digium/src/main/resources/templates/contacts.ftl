<?xml version="1.0" encoding="UTF-8"?>
<#--
  Digium phonebook, firmware 2.8.1: one contact per function key, by position; a BLF key subscribes to its
  extension on the main proxy (the lowest-numbered line's). Every ${...} is XML-escaped.
-->
<phonebooks>
    <contacts group_name="Default" editable="0">
<#list contacts as contact>
        <contact
            first_name="${contact.first_name}"
            last_name="${contact.last_name}"
<#if contact.subscribe_to??>
            subscribe_to="${contact.subscribe_to}"
</#if>
            >
            <numbers>
                <number dial="${contact.dial}" label="Extension" primary="1" />
            </numbers>
        </contact>
</#list>
    </contacts>
</phonebooks>
